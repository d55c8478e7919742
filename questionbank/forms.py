"""Forms of the question bank: curation in the admin, the read-only bank, the revision diff."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat

from config.numbers import StrictIntegerField
from questionbank.models import (
    ANCHOR_LEVELS,
    ANCHOR_NAMES,
    Anchor,
    KitQuestion,
    Question,
    QuestionRevision,
    Topic,
)
from questionbank.rules import CRIB_MAX_LINE_LENGTH, CRIB_MAX_LINES, KitTiming, sentence

# --- YAML import -------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_FILES = 50
IMPORT_EXTENSIONS = (".yaml", ".yml")


def too_big_message(limit: int = MAX_IMPORT_BYTES) -> str:
    return f"The upload is too large: at most {filesizeformat(limit)} in all, please."


class ImportSizeLimit(FileUploadHandler):
    """Stops reading an upload once its files pass the limit, before anything reaches the disk.

    Install it first in request.upload_handlers, before request.POST or FILES are read; the view
    then checks `exceeded` and says so instead of importing.
    """

    def __init__(self, request=None, limit: int = MAX_IMPORT_BYTES):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Allow some room for the multipart framing and the other fields of the form.
        if content_length and content_length > self.limit + 64 * 1024:
            self.exceeded = True

    def new_file(self, *args, **kwargs):
        if self.exceeded:
            raise StopUpload(connection_reset=False)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if not isinstance(data, list | tuple):
            data = [data] if data else []
        if not data:
            single(None, initial)  # raises "required"
            return []
        return [single(item, initial) for item in data]


class YamlImportForm(forms.Form):
    files = MultipleFileField(
        label="YAML files",
        help_text=(
            f"One or more .yaml files, at most {filesizeformat(MAX_IMPORT_BYTES)} in all. "
            "Every file is checked before anything changes."
        ),
        widget=MultipleFileInput(attrs={"accept": ".yaml,.yml,application/yaml,text/yaml"}),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_IMPORT_FILES:
            raise ValidationError(f"At most {MAX_IMPORT_FILES} files at once, please.")
        for upload in files:
            if not upload.name.lower().endswith(IMPORT_EXTENSIONS):
                raise ValidationError(f"{upload.name}: only .yaml or .yml files can be imported.")
        if sum(upload.size for upload in files) > MAX_IMPORT_BYTES:
            raise ValidationError(too_big_message())
        return files

    def sources(self) -> list[tuple[str, bytes]]:
        return [(upload.name, upload.read()) for upload in self.cleaned_data["files"]]


# --- The read-only question bank ---------------------------------------------------------------


class QuestionSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        strip=True,
        widget=forms.SearchInput(attrs={"placeholder": "slug, title, text"}),
    )
    topic = forms.ModelChoiceField(
        label="Topic",
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="All topics",
        error_messages={"invalid_choice": "There is no such topic."},
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics

    def filters(self) -> dict:
        """The valid filters only: a bad topic is reported but does not hide the search."""
        self.is_valid()
        return {
            "search": self.cleaned_data.get("q") or "",
            "topic": self.cleaned_data.get("topic"),
        }


# --- Revision history ------------------------------------------------------------------------


class RevisionCompareForm(forms.Form):
    old = forms.TypedChoiceField(label="Compare revision", coerce=int)
    new = forms.TypedChoiceField(label="with revision", coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, f"r{number}") for number in sorted(numbers, reverse=True)]
        for field in self.fields.values():
            field.choices = choices
            field.error_messages["invalid_choice"] = "This question has no revision %(value)s."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and cleaned.get("old") == cleaned.get("new"):
            raise ValidationError("Choose two different revisions.")
        return cleaned


# --- Admin: adding a question, drafting a revision, ordering a kit ------------------------------


class QuestionAddForm(forms.ModelForm):
    """A new question with the title and prompt of its first (draft) revision."""

    title = forms.CharField(max_length=200, help_text="Title of the first revision.")
    prompt = forms.CharField(
        widget=forms.Textarea, help_text="Markdown, shown to the interviewer and read out."
    )

    class Meta:
        model = Question
        fields = ["slug", "topic", "tags"]


MULTI_LINE_FIELDS = ("crib", "prompt", "guidance", "starter_code", "learning")


class RevisionForm(forms.ModelForm):
    """A draft revision's own fields, with the model's limits said as plain field errors: the
    crib's bounds (its validator), starter code with its language (the model's clean())."""

    expected_minutes = StrictIntegerField(min_value=1, max_value=60, label="Expected minutes")

    class Meta:
        model = QuestionRevision
        fields = [
            "title",
            "crib",
            "prompt",
            "guidance",
            "starter_code",
            "language",
            "learning",
            "expected_minutes",
            "target_level",
        ]
        widgets = {
            "crib": forms.Textarea(attrs={"rows": CRIB_MAX_LINES, "cols": CRIB_MAX_LINE_LENGTH}),
            "starter_code": forms.Textarea(attrs={"rows": 14, "class": "qb-code"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("crib", "starter_code"):
            if name in self.fields:
                self.fields[name].strip = False  # code and a crib's lines are kept as written

    def clean(self):
        cleaned = super().clean()
        for name in MULTI_LINE_FIELDS:
            if isinstance(cleaned.get(name), str):
                # Browsers send a textarea's lines ending in CRLF; the bank's text (and the
                # YAML an export writes) ends them in LF, as an import does.
                cleaned[name] = cleaned[name].replace("\r\n", "\n")
        return cleaned


class AnchorForm(forms.ModelForm):
    class Meta:
        model = Anchor
        fields = ["level", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An anchor keeps its level: swapping levels would clash mid-save.
            self.fields["level"].disabled = True

    def _get_validation_exclusions(self):
        # One anchor per level is checked across the whole rubric by AnchorFormSet, which says
        # which level is doubled or missing.
        return super()._get_validation_exclusions() | {"level"}


class AnchorFormSet(forms.BaseInlineFormSet):
    """A draft's anchors must be exactly one per level, 1 to 4; blank forms offer the missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        have = {anchor.level for anchor in self.get_queryset()}
        self.initial_extra = [{"level": level} for level in ANCHOR_LEVELS if level not in have]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        levels = []
        for form in self.forms:
            if form in self.deleted_forms or not (form.instance.pk or form.has_changed()):
                continue
            levels.append(form.cleaned_data.get("level"))
        duplicates = sorted({level for level in levels if levels.count(level) > 1})
        missing = [level for level in ANCHOR_LEVELS if level not in levels]
        problems = []
        if duplicates:
            problems.append("more than one anchor for level " + _levels(duplicates))
        if missing:
            problems.append("no anchor for level " + _levels(missing))
        if problems:
            raise ValidationError(
                "A rubric needs exactly four anchors, one for each level 1 to 4: "
                + "; ".join(problems)
                + "."
            )


def _levels(levels: list[int]) -> str:
    return ", ".join(f"{level} ({ANCHOR_NAMES[level]})" for level in levels)


class PositionedFormSet(forms.BaseInlineFormSet):
    """New rows start after the last one (rows that tie keep the order they were added in)."""

    first_position = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        positions = [row.position for row in self.get_queryset()]
        self.next_position = max(positions, default=self.first_position - 1) + 1
        self.initial_extra = [{"position": self.next_position}] * self.extra

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None:  # the empty form that "Add another" copies
            kwargs["initial"] = {"position": self.next_position}
        return kwargs


class KitEntryForm(forms.ModelForm):
    position = StrictIntegerField(min_value=0, max_value=999)
    minutes = StrictIntegerField(
        min_value=1, max_value=60, help_text="Time budget in the interview."
    )

    class Meta:
        model = KitQuestion
        fields = ["question", "position", "minutes", "weight"]

    def _get_validation_exclusions(self):
        # The kit's order is checked (and rewritten) as a whole by KitEntryFormSet, so that two
        # entries can swap places in one save.
        return super()._get_validation_exclusions() | {"position"}


class KitEntryFormSet(PositionedFormSet):
    """A kit's questions: one per position, and, in a kit with a slot, minutes that fit it.

    The kit (self.instance) already holds the slot, introduction and closing its own form was
    given: the admin validates that form before its inlines.
    """

    first_position = 1

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form not in self.deleted_forms and form.cleaned_data.get("question") is not None
        ]
        positions = [entry["position"] for entry in kept if entry.get("position") is not None]
        duplicates = sorted({position for position in positions if positions.count(position) > 1})
        if duplicates:
            raise ValidationError(
                "Two questions cannot share a position in the kit: "
                + ", ".join(str(position) for position in duplicates)
                + "."
            )
        kit = self.instance
        timing = KitTiming.of(
            slot_minutes=kit.slot_minutes,
            intro_minutes=kit.intro_minutes,
            closing_minutes=kit.closing_minutes,
            minutes=(entry["minutes"] for entry in kept),
        )
        if not timing.frame_problems():  # those are the kit form's own errors
            problems = timing.problems().get("slot_minutes", [])
            if problems:
                raise ValidationError([sentence(problem) for problem in problems])

    def moved_or_deleted(self) -> list[KitQuestion]:
        """Saved entries whose place frees up in this save (they move or go)."""
        return [
            form.instance
            for form in self.initial_forms
            if form.instance.pk and (form in self.deleted_forms or "position" in form.changed_data)
        ]
