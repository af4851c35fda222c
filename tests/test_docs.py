"""The project's docs: every citation and every relative link names a file that exists."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITING = [*ROOT.glob("service/**/*.py"), *ROOT.glob("schemas/*.py"), *ROOT.glob("tests/**/*.py"),
          ROOT / "README.md", ROOT / "openapi.yaml"]
DOCS = [ROOT / "README.md", *ROOT.glob("docs/*.md")]
CITATION = re.compile(r"\bdocs/[\w-]+\.md\b")
# The design documents the project started from live outside the repository.
OUTSIDE = re.compile(r"(?<![/\w-])(?:MODEL|API|STYLE|GUIDE)\.md\b")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_docs_exist():
    assert {path.name for path in ROOT.glob("docs/*.md")} >= {
        "README.md", "data-model.md", "api.md", "extraction.md"}


def test_every_cited_doc_exists():
    cited = {(path.relative_to(ROOT), name) for path in CITING
             for name in CITATION.findall(path.read_text(encoding="utf-8"))}
    assert cited, "the code cites its docs"
    assert [(str(path), name) for path, name in cited if not (ROOT / name).is_file()] == []


def test_no_citation_of_a_file_outside_the_repository():
    found = [(str(path.relative_to(ROOT)), match) for path in CITING
             for match in OUTSIDE.findall(path.read_text(encoding="utf-8"))]
    assert found == []


def test_relative_links_resolve():
    broken = []
    for page in DOCS:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue  # http:, mailto:
            if not (page.parent / target).exists():
                broken.append((str(page.relative_to(ROOT)), target))
    assert broken == []
