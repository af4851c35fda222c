"""The image, checked statically (no image can be built here: no registry for base images).

hadolint lints the Dockerfile (`make lint-docker`); this reads it and
.dockerignore for what hadolint does not know: the build context carries
no virtualenv, data or history, and the code is root's, read-only to the
user the service runs as.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def instructions():
    """(instruction, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, rest = line.partition(" ")
            yield name.upper(), rest.strip()


def final_stage():
    found = list(instructions())
    last_from = max(i for i, (name, _) in enumerate(found) if name == "FROM")
    return found[last_from:]


def ignore_patterns():
    path = ROOT / ".dockerignore"
    assert path.exists(), "no .dockerignore: the build context would carry .venv, var/ and .git"
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def _regex(pattern):
    """A .dockerignore pattern as Docker reads it: from the context root, `*` within
    one path segment, `**` across any number of them."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def ignored(relative, patterns):
    """Whether Docker leaves `relative` out of the context: a pattern matches the path
    or a directory above it; the last matching pattern wins, `!` re-includes."""
    parts = Path(relative).parts
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    verdict = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = _regex(pattern.lstrip("!").strip("/"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            verdict = not negate
    return verdict


def test_the_context_leaves_out_what_the_image_must_not_carry():
    patterns = ignore_patterns()
    for path in (".venv/bin/python", "var/statements.db", ".git/HEAD", "bench/results/x.json",
                 "tests/test_docker.py", "service/__pycache__/db.cpython-311.pyc", ".ci/run",
                 "var/tools/bin/hadolint", "bench/.venv-datasette/bin/python", ".hypothesis/x",
                 "statements.db", "service/x.pyc"):
        assert ignored(path, patterns), f"{path} is sent to the Docker daemon"


def test_what_the_dockerfile_copies_is_in_the_context():
    patterns = ignore_patterns()
    for name, arguments in instructions():
        if name == "COPY" and "--from=" not in arguments:
            sources = [word for word in arguments.split() if not word.startswith("--")][:-1]
            for source in sources:
                assert (ROOT / source).exists(), source
                assert not ignored(source, patterns), f"COPY {source}, but .dockerignore leaves it out"
                for inner in (ROOT / source).rglob("*.py") if (ROOT / source).is_dir() else ():
                    if "__pycache__" not in inner.parts:
                        assert not ignored(str(inner.relative_to(ROOT)), patterns), inner


def test_the_code_is_roots_and_the_service_runs_as_another_user():
    stage = final_stage()
    users = [arguments for name, arguments in stage if name == "USER"]
    assert users and users[-1] not in ("root", "0"), "the service must not run as root"
    runtime_user = users[-1]
    for name, arguments in stage:
        if name == "COPY":
            chown = re.search(r"--chown=(\S+)", arguments)
            assert chown is None or chown.group(1).split(":")[0] in ("root", "0"), \
                f"COPY {arguments}: code owned by the runtime user could be rewritten by it"
            chmod = re.search(r"--chmod=(\d+)", arguments)
            assert chmod is None or not int(chmod.group(1), 8) & 0o022, f"COPY {arguments}: writable by others"
        if name == "RUN":
            assert not re.search(r"chown\b[^&]*\s/app\b", arguments), "the code directory is chowned"
            assert not re.search(r"chmod\b[^&]*[0-7]*[2367][0-7]\s", arguments), arguments
    # Code is copied before the switch to the runtime user, so it is written as root.
    names = [name for name, _ in stage]
    assert max(i for i, name in enumerate(names) if name == "COPY") < names.index("USER")
    assert runtime_user == "10001"


def test_the_runtime_user_writes_only_to_its_volume():
    stage = dict((name, arguments) for name, arguments in final_stage() if name in ("VOLUME", "ENV"))
    assert "/data" in stage["VOLUME"]
    assert "sqlite:////data/" in DOCKERFILE and "PYTHONDONTWRITEBYTECODE=1" in DOCKERFILE
