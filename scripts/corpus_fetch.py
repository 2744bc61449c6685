"""Re-retrieve the corpus texts on a new machine: worklists for the helpers, and a checked save of what they copy.

    python3 scripts/corpus_fetch.py worklists 6 --out /tmp/fetch   # one list per helper, missing texts only
    python3 scripts/corpus_fetch.py save /tmp/fetch/h1.jsonl        # write the copied texts to the cache, checked

The search tool's answers reach a helper, not a script: a helper runs each worklist's query (pages) or read_file
(code), copies the result's JSON string exactly into a JSONL line {"id": ..., "text": ...}, and `save` decodes it,
writes $SLAX_CORPUS_DIR/<id>.txt and checks it against the sha256 the index recorded (corpus/RETRIEVE.md is the
helper's brief). A text that does not match is written only where no text was, and listed: it stays unscored
(`corpus.py status` calls it changed) until a copy matches.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import cache_dir, index, text_state  # noqa: E402

CODE_CHARS = 6000  # a code document's text is the file's first 6,000 characters


def _code_fields(doc: dict) -> dict:
    """repo, commit and path of a `"source": "code"` document's blob URL."""
    owner, repo, _blob, commit, *path = doc["url"].split("github.com/")[1].split("/")
    return {"repo": f"{owner}/{repo}", "commit": commit, "path": "/".join(path)}


def worklists(args) -> int:
    missing = [d for d in index() if text_state(d) != "ok"]
    pages = defaultdict(list)
    for d in missing:
        if d.get("source") != "code":
            pages[d["query"]].append(d)
    code = [d for d in missing if d.get("source") == "code"]
    lists: list[list[str]] = [[] for _ in range(args.helpers)]
    load = [0] * args.helpers
    for group in sorted(pages.values(), key=lambda g: -sum(d["chars"] for d in g)):
        i = load.index(min(load))
        lists[i] += [f"QUERY\t{group[0]['query']}"] + [f"  {d['id']}\t{d['url']}\t{d['chars']}" for d in group]
        load[i] += sum(d["chars"] for d in group)
    for d in sorted(code, key=lambda d: -d["chars"]):
        i = load.index(min(load))
        lists[i].append(json.dumps({"id": d["id"], **_code_fields(d), "chars": d["chars"]}, ensure_ascii=False))
        load[i] += d["chars"]
    args.out.mkdir(parents=True, exist_ok=True)
    for n, lines in enumerate(lists, 1):
        (args.out / f"work{n}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(missing)} texts to fetch ({len(pages)} page queries, {len(code)} code files) in {args.helpers} "
          f"lists under {args.out}")
    return 0


def _candidates(doc: dict, text: str) -> list[str]:
    """The text as copied, and for a code file also cut at its length and with the repository's CRLF line ends
    (read_file shows them as LF, while the index counted them)."""
    if doc.get("source") != "code":
        return [text]
    crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return [text[:CODE_CHARS], crlf[:CODE_CHARS]]


def save(args) -> int:
    docs = {d["id"]: d for d in index()}
    target = cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    bad = 0
    for path in args.files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                doc = docs[row["id"]]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                print(f"{path}:{n}: skipped ({e.__class__.__name__}: {e})")
                bad += 1
                continue
            texts = _candidates(doc, row["text"])
            good = next((t for t in texts if hashlib.sha256(t.encode()).hexdigest() == doc["sha256"]), None)
            out = target / f"{doc['id']}.txt"
            if good is not None or not out.exists():
                out.write_bytes((good if good is not None else texts[0]).encode())
            print(f"{doc['id']}: " + ("ok" if good is not None else
                                      f"MISMATCH (got {len(texts[0])} characters, the index says {doc['chars']})"))
            bad += good is None
    return 1 if bad else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("worklists", help="split the missing texts into one list per helper")
    p.add_argument("helpers", type=int)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=worklists)
    p = sub.add_parser("save", help="write copied texts (JSONL: id, text) to the cache, checked against the index")
    p.add_argument("files", type=Path, nargs="+")
    p.set_defaults(run=save)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
