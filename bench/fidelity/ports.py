"""(e) A public suite beyond ``../shared/corpus/reply-suites``, fetched at bench time.

Of the reply-parser ports on the registries this machine reaches, only one ships its test
fixtures in its package: planer (npm, a JavaScript port of talon), whose
``test/planerText.test.coffee`` holds its plain-text cases inline. The sdists of
``mail-parser-reply`` and ``email-reply-parser`` (PyPI) ship their test modules but not the
``test/emails/*.txt`` files they open; the npm ``email-reply-parser``, ``node-email-reply-parser``
and ``emailreplyparser`` ship no tests at all (bench/RESULTS.md). The package is fetched with
``npm pack`` into ``.cache/ports/`` (never committed) and its cases are read from the test file:
``msgBody = \"\"\"...\"\"\"`` then ``expect(planer.extractFromPlain(msgBody)).to.equal(reply)``.
Cases whose input is also in the shared suites are counted apart ("new" = not there).

parse-reply (npm, a small JavaScript reply stripper of 2014) ships its fixtures as files,
``test/files/NAME.input.txt`` and ``NAME.output.txt`` (the reply expected), fetched the same way.

quotequail (closeio's Python quote parser, PyPI) ships ``tests/test_quote.py`` and
``tests/test_unwrap.py`` in its sdist with the cases inline, as the arguments of
``pytest.mark.parametrize``. The sdist is fetched with ``pip download`` into ``.cache/ports/``
and those arguments are read with ``ast.literal_eval``: never imported, never run. The reply
expected: test_quote, the parts ``expected_quote_intro_line`` marks True, joined; test_unwrap,
``text_top`` (and ``text_bottom``) for a "reply". Its "forward" cases are scored apart: this
inbox takes a forwarded letter under a short cover note as the letter (inbox/mail/forwards.py),
so a forward whose letter is the forwarded text, with the note and headers listed as
``forward-header``, differs from quotequail by that policy; any other difference is a miss.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

from bench.fidelity.score import norm, ours, score, talon_reply

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "ports"
PACKAGE, VERSION = "planer", "1.2.0"
TEST_FILE = "package/test/planerText.test.coffee"
_ASSIGN = re.compile(r"^\s*(\w+)\s*=\s*(\"\"\"|'|\")")
_EXPECT = re.compile(r"expect\(planer\.extractFromPlain\((\w+)\)\)\.to\.equal\((.+)\)\s*$")


def _npm_pack(package: str, version: str) -> Path | None:
    """The package's tarball in ``.cache/ports/``, fetched with ``npm pack`` the first time."""
    found = sorted(CACHE.glob(f"{package}-{version}.tgz"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["npm", "pack", f"{package}@{version}", "--pack-destination", str(CACHE),
                        "--silent"], check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    found = sorted(CACHE.glob(f"{package}-{version}.tgz"))
    return found[0] if found else None


def _heredoc(body: str) -> str:
    """A CoffeeScript block string: the common indentation of its lines after the first
    removed, a leading newline and a trailing blank line dropped."""
    lines = body.split("\n")
    rest = [line for line in lines[1:] if line.strip()]
    indent = min((len(line) - len(line.lstrip(" ")) for line in rest), default=0)
    lines = lines[:1] + [line[indent:] for line in lines[1:]]
    if not lines[0].strip():
        lines = lines[1:]
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def cases(source: str) -> list[dict]:
    """(input, expected) pairs from the test file; an expectation we cannot read is skipped."""
    variables: dict[str, str] = {}
    found: list[dict] = []
    lines = source.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        assign = _ASSIGN.match(line)
        if assign and assign.group(2) == '"""':
            start = line.index('"""') + 3
            chunk = line[start:]
            while '"""' not in chunk and index + 1 < len(lines):
                index += 1
                chunk += "\n" + lines[index]
            variables[assign.group(1)] = _heredoc(chunk[:chunk.index('"""')])
        elif assign:
            quote = assign.group(2)
            value = line[line.index(quote) + 1:line.rindex(quote)]
            variables[assign.group(1)] = value
        elif (expect := _EXPECT.search(line)) is not None and expect.group(1) in variables:
            wanted = expect.group(2).strip()
            if wanted in variables:
                expected = variables[wanted]
            elif len(wanted) >= 2 and wanted[0] == wanted[-1] and wanted[0] in "'\"":
                expected = wanted[1:-1].replace("\\n", "\n")
            else:
                expected = None
            if expected is not None:
                found.append({"id": f"planer:{len(found) + 1}", "input": variables[expect.group(1)],
                              "exact": expected})
        index += 1
    return found


def _shared_inputs() -> set[str]:
    path = (ROOT / ".." / "shared" / "corpus" / "reply-suites" / "cases.json").resolve()
    if not path.is_file():
        return set()
    return {norm(case["input"]) for case in json.loads(path.read_text(encoding="utf-8"))}


def _row(name: str, subset: list[dict], show_failures: bool, policy=None, target: bool = True) -> dict:
    """One suite's row: ours and talon's exact matches (and whether ours is 10 points above),
    the reply kept; ``policy(parsed, case)`` says a miss is only the forward policy's."""
    has_talon = talon_reply("Hi") is not None
    mine = theirs = kept = by_policy = 0
    for case in subset:
        texts, text, parsed = ours(case["input"])
        outcome = score(texts, text, case)
        mine += bool(outcome.exact)
        kept += outcome.kept
        differs = bool(policy) and not outcome.exact and policy(parsed, case)
        by_policy += differs
        if show_failures and not outcome.exact:
            print(f"--- {case['id']}{' (forward policy)' if differs else ''}\n{text}\n"
                  f"--- expected:\n{case['exact']}\n")
        if has_talon:
            reply = talon_reply(case["input"]) or ""
            theirs += bool(score([norm(reply)], reply, case).exact)
    total = len(subset)
    row = dict(name=name, cases=total, exact=f"{mine}/{total}", kept=f"{kept}/{total}")
    if policy and (by_policy or name.endswith("(unwrap-forward)")):
        row["forward_policy"] = by_policy
        row["misses"] = total - mine - by_policy
    if has_talon:
        row["talon_exact"] = f"{theirs}/{total}"
        if target:
            row["target_10_points"] = "met" if total and (mine - theirs) * 100 >= 10 * total else "MISSED"
    return row


def score_ports(show_failures: bool = False) -> list[dict]:
    archive = _npm_pack(PACKAGE, VERSION)
    if archive is None:
        return [dict(name=f"{PACKAGE} {VERSION}", skipped="npm pack failed (no npm or no registry)")]
    with tarfile.open(archive) as tar:
        source = tar.extractfile(TEST_FILE).read().decode("utf-8")
    found = cases(source)
    shared = _shared_inputs()
    subsets = (("all", found), ("new", [c for c in found if norm(c["input"]) not in shared]))
    return [_row(f"{PACKAGE} {VERSION} ({label})", subset, show_failures and label == "all")
            for label, subset in subsets]


QUOTEQUAIL, QUOTEQUAIL_VERSION = "quotequail", "0.5.4"


def _fetch_sdist() -> Path | None:
    name = f"{QUOTEQUAIL}-{QUOTEQUAIL_VERSION}.tar.gz"
    if (CACHE / name).is_file():
        return CACHE / name
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        "--disable-pip-version-check", "-q", "-d", str(CACHE),
                        f"{QUOTEQUAIL}=={QUOTEQUAIL_VERSION}"],
                       check=True, capture_output=True, timeout=180)
    except (OSError, subprocess.SubprocessError):
        return None
    return CACHE / name if (CACHE / name).is_file() else None


def parametrized(source: str, function: str) -> list:
    """The case list of ``@pytest.mark.parametrize(names, cases)`` over ``function``, read as
    a literal from the syntax tree (the test module is never imported or run)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and \
                        getattr(decorator.func, "attr", "") == "parametrize":
                    return ast.literal_eval(decorator.args[1])
    return []


def quotequail_cases(quote_source: str, unwrap_source: str) -> list[dict]:
    """(input, expected reply) pairs; ``group``: test_quote, unwrap-reply or unwrap-forward;
    ``forwarded``: the forwarded message's own text where the suite gives it."""
    found = []
    for number, (text, _, intro) in enumerate(parametrized(quote_source, "test_quote"), 1):
        found.append(dict(id=f"quotequail:quote:{number}", group="test_quote", input=text,
                          exact="".join(part for is_reply, part in intro if is_reply), forwarded=None))
        found[-1]["cover"] = found[-1]["exact"]
    for number, (text, expected) in enumerate(parametrized(unwrap_source, "test_unwrap"), 1):
        if not expected or expected.get("type") not in ("reply", "forward"):
            continue            # "quote" (an inline quotation) and None: no reply to compare
        reply = "\n\n".join(part for part in (expected.get("text_top"), expected.get("text_bottom"))
                             if part)
        letter = "\n\n".join(part for part in (expected.get("text"), expected.get("text_bottom"))
                              if part)
        found.append(dict(id=f"quotequail:unwrap:{number}", group=f"unwrap-{expected['type']}",
                          input=text, exact=reply, forwarded=letter,
                          cover=expected.get("text_top") or ""))
    return found


def _by_policy(parsed, case: dict) -> bool:
    """The inbox took the forwarded message as the letter and listed everything quotequail
    calls the reply above it (the cover note) as the forward's header."""
    if not parsed.forwarded:
        return False
    cover = norm("\n".join(part for kind, part in parsed.removed if kind == "forward-header"))
    if norm(case["cover"]) not in cover:
        return False
    if case["forwarded"] is not None:
        return norm(parsed.text) == norm(case["forwarded"])
    return bool(norm(parsed.text))


def score_quotequail(show_failures: bool = False) -> list[dict]:
    archive = _fetch_sdist()
    if archive is None:
        return [dict(name=f"{QUOTEQUAIL} {QUOTEQUAIL_VERSION}",
                     skipped="pip download failed (no registry)")]
    root = f"{QUOTEQUAIL}-{QUOTEQUAIL_VERSION}/tests"
    with tarfile.open(archive) as tar:
        read = {name: tar.extractfile(f"{root}/{name}").read().decode("utf-8")
                for name in ("test_quote.py", "test_unwrap.py")}
    found = quotequail_cases(read["test_quote.py"], read["test_unwrap.py"])
    return [_row(f"{QUOTEQUAIL} {QUOTEQUAIL_VERSION} ({group})",
                 [case for case in found if case["group"] == group], show_failures,
                 policy=_by_policy, target=False)
            for group in ("test_quote", "unwrap-reply", "unwrap-forward")]


PARSE_REPLY, PARSE_REPLY_VERSION = "parse-reply", "0.0.4"
_FIXTURE = re.compile(r"^package/test/files/(.+)\.input\.txt$")


def score_parse_reply(show_failures: bool = False) -> list[dict]:
    archive = _npm_pack(PARSE_REPLY, PARSE_REPLY_VERSION)
    if archive is None:
        return [dict(name=f"{PARSE_REPLY} {PARSE_REPLY_VERSION}",
                     skipped="npm pack failed (no npm or no registry)")]
    with tarfile.open(archive) as tar:
        names = sorted(match.group(1) for name in tar.getnames() if (match := _FIXTURE.match(name)))
        found = [dict(id=f"parse-reply:{name}",
                      input=tar.extractfile(f"package/test/files/{name}.input.txt").read().decode("utf-8"),
                      exact=tar.extractfile(f"package/test/files/{name}.output.txt").read().decode("utf-8"))
                 for name in names]
    return [_row(f"{PARSE_REPLY} {PARSE_REPLY_VERSION}", found, show_failures)]
