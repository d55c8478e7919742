"""Just enough PDF parsing to read back the text of a WeasyPrint PDF, for leak tests.

WeasyPrint compresses its streams (FlateDecode), keeps most dictionaries in object streams, and
writes text as glyph ids of subset fonts (Identity-H), so the words never appear in the file as
such. To get them back: inflate every stream, unpack the object streams, read each font's ToUnicode
CMap, then decode the hex strings of the Tj/TJ operators with the CMap of the font selected by Tf.
Literal strings in dictionaries (document title, outline entries, link URIs) are returned too.

tests/reports/test_pdftext.py checks it on a PDF whose words are known.
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*(stream\r?\n)?", re.S)
REFERENCE = rb"(\d+) 0 R"


def objects_of(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary, inflated stream or None), object streams unpacked."""
    found: dict[int, tuple[bytes, bytes | None]] = {}
    for match in OBJECT.finditer(pdf):
        number, dictionary = int(match.group(1)), match.group(2)
        stream = None
        if match.group(3):
            length = re.search(rb"/Length (\d+)", dictionary)
            raw = pdf[match.end() : match.end() + int(length.group(1))] if length else b""
            stream = zlib.decompress(raw) if b"/FlateDecode" in dictionary else raw
        found[number] = (dictionary, stream)
    for dictionary, stream in list(found.values()):
        if b"/Type /ObjStm" in dictionary and stream is not None:
            first = int(re.search(rb"/First (\d+)", dictionary).group(1))
            header = [int(value) for value in stream[:first].split()]
            pairs = list(zip(header[::2], header[1::2], strict=True))
            for index, (number, offset) in enumerate(pairs):
                end = pairs[index + 1][1] if index + 1 < len(pairs) else len(stream) - first
                found[number] = (stream[first + offset : first + end], None)
    return found


def parse_cmap(data: bytes) -> dict[bytes, str]:
    """Glyph code (hex, upper case) -> text, from a ToUnicode CMap's bfchar and bfrange."""
    mapping: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[code.upper()] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            width = len(low)
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                key = f"{code:0{width}X}".encode()
                mapping[key] = chr(first + offset)
    return mapping


def decode_hex(hex_string: bytes, cmap: dict[bytes, str]) -> str:
    width = 4 if any(len(code) == 4 for code in cmap) else 2
    digits = hex_string.upper()
    return "".join(cmap.get(digits[i : i + width], "\ufffd") for i in range(0, len(digits), width))


def literal_strings(dictionary: bytes) -> list[str]:
    texts = []
    for hex_string in re.findall(rb"<(FEFF[0-9A-Fa-f]*)>", dictionary):
        texts.append(bytes.fromhex(hex_string.decode()[4:]).decode("utf-16-be", "replace"))
    for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)", dictionary):
        raw = re.sub(rb"\\(.)", rb"\1", literal)
        if raw.startswith(b"\xfe\xff"):
            texts.append(raw[2:].decode("utf-16-be", "replace"))
        else:
            texts.append(raw.decode("latin-1"))
    return texts


def pdf_text(pdf: bytes) -> str:
    """The text of every page (one line per text-showing operator), then dictionary strings."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    found = objects_of(pdf)
    cmaps = {
        number: parse_cmap(stream)
        for number, (_, stream) in found.items()
        if stream and b"begincmap" in stream
    }
    font_cmaps = {}
    for number, (dictionary, _) in found.items():
        to_unicode = re.search(rb"/ToUnicode " + REFERENCE, dictionary)
        if to_unicode and int(to_unicode.group(1)) in cmaps:
            font_cmaps[number] = cmaps[int(to_unicode.group(1))]
    # Resource names (/KTGASA ...) -> CMap, from every dictionary that maps names to fonts.
    names = {}
    for dictionary, _ in found.values():
        for name, reference in re.findall(rb"/([A-Za-z0-9_.+-]+) " + REFERENCE, dictionary):
            if int(reference) in font_cmaps:
                names[name] = font_cmaps[int(reference)]
    lines = []
    operator = re.compile(
        rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj"
    )
    for _, stream in found.values():
        if not stream or b"BT" not in stream or b"begincmap" in stream:
            continue
        cmap: dict[bytes, str] = {}
        for match in operator.finditer(stream):
            if match.group(1) is not None:
                cmap = names.get(match.group(1), {})
            elif match.group(2) is not None:
                parts = re.findall(rb"<([0-9a-fA-F]*)>", match.group(2))
                lines.append("".join(decode_hex(part, cmap) for part in parts))
            else:
                lines.append(decode_hex(match.group(3), cmap))
    for dictionary, stream in found.values():
        if stream is None or not stream:
            lines.extend(literal_strings(dictionary))
    return "\n".join(lines)


def squashed(text: str) -> str:
    """Without whitespace: a phrase wrapped across lines is still found."""
    return re.sub(r"\s+", "", text)
