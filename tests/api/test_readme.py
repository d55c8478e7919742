"""The README's curl command schedules an interview as written (its body, its headers)."""

import json
import re
from pathlib import Path

from tests.api.conftest import make_key
from tests.reports.builders import make_kit

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_curl_schedules_an_interview(client, cast):
    command = README.read_text().split("## The JSON API", 1)[1].split("```sh", 1)[1].split("```")[0]
    body = json.loads(re.search(r"-d '(.*?)'", command, re.DOTALL).group(1))
    headers = dict(re.findall(r'-H "([^:]+): ([^"]+)"', command))
    assert headers.pop("Content-Type") == "application/json"
    headers["Authorization"] = f"Bearer {make_key(cast.manager, ['schedule'])}"
    make_kit(questions=2, slug=body["kit"])
    path = re.search(r"http://localhost:8000(\S+)", command).group(1)
    response = client.post(path, body, content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    assert [p["email"] for p in response.json()["panel"]] == body["panel"]
