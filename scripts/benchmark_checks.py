"""How the witness checks' time grows with a record's text, on the texts that once made them slow.

Usage: python scripts/benchmark_checks.py [--scale 1.0] [--full]

A record may be 256 KiB, and one YAML text of it a single line of that length. Each text below made
a check of build_tools/checks/witness.py try a run of characters again from each of its characters (time
in the square of the run's length), share whitespace out in every way between two or three ``\\s*``
(its cube), or search the whole text before the witness's code each time the code stood in it: a
250 KB testimony took minutes. For each, this prints the least of a few runs of the checks on n and
on 4n characters, in milliseconds, and their ratio: about 4 where the time grows with the text, 16
or more where it grows with its square. ``--full`` adds a row for each at 250,000 characters.

It asserts nothing (figures, not a test: machines differ); tests/test_witness.py runs it on small
texts to see that it runs, and checks that the checks still find what they found.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import string
import time
from collections.abc import Callable

from build_tools.checks import witness, witness_places
from build_tools.records import model
from build_tools.records.problems import Problem
from build_tools.records.raw import RawRecord


def a_testimony(
    summary: str = "An account.",
    body: str | None = None,
    public_names: list[str] | None = None,
    private: list[str] | None = None,
) -> tuple[model.Entry, RawRecord]:
    """A testimony by the witness W-0009, as validation makes it, and the record it was read from
    (with ``private``, the values of its private block)."""
    record = model.Testimony.model_validate(
        {
            "title": "An account",
            "form": "individual",
            "witness": {"code": "W-0009", "role": "former-guard"},
            "period": "2019",
            "summary": summary,
            "public_names": public_names or [],
            "cites": [{"source": "src-0001", "locator": "p. 1"}],
        }
    )
    path = "sources/testimonies/tst-0009.md"
    return model.Entry("testimony", "tst-0009", path, record, body=body), RawRecord(
        "testimony", "tst-0009", path, {"private": {"relatives": private}} if private else {}, body_line=12
    )


def names(first: str, n: int) -> list[str]:
    """``n`` names, each ``first`` and four letters: "Mr Aaaaa", "Mr Aaaab", ..."""
    return [first + "".join(t) for t in itertools.islice(itertools.product(string.ascii_lowercase, repeat=4), n)]


def checks_of(entry: model.Entry, raw: RawRecord) -> list[Problem]:
    return witness.check_identifying(entry, raw) + witness_places.check_content_note(entry, raw)


Make = Callable[[int], tuple[model.Entry, RawRecord]]
# kind of text -> (the text of about n characters as a testimony, n): n is where the checks as they
# were took some 20 to 50 ms, and a second or so on 4n characters
SLOW_TEXTS: dict[str, tuple[Make, int]] = {
    "a word with no e-mail address after its '@'": (lambda n: a_testimony("a" * n + "@"), 4000),
    "an e-mail address's long domain with no dot": (lambda n: a_testimony("a@" + "b" * n), 4000),
    "'tel' and whitespace": (lambda n: a_testimony("tel" + " " * n + "x"), 2000),
    "'dob' and whitespace": (lambda n: a_testimony("dob" + " " * n + "x"), 2000),
    "'room' and whitespace": (lambda n: a_testimony("room" + " " * n + "x"), 200),  # in the cube of its length
    "'inminban' and whitespace": (lambda n: a_testimony("inminban" + " " * n + "x"), 2000),
    "a run of digits, not of an inminban": (lambda n: a_testimony("1" * n + "x 인민반"), 2000),
    "a run of Hangul, not of a road's name": (lambda n: a_testimony("로1 " + "가" * n + "x"), 2000),
    "the witness's code many times": (lambda n: a_testimony("A long account.", body="W-0009 ( " * (n // 9)), 16000),
    # each value searched for in each text: 9,000 values in a 250 KB testimony took 17 s
    "many private values, and a long narrative": (
        lambda n: a_testimony(body="a word " * (n // 7), private=[f"v{i:07d}x" for i in range(n // 8)]),
        4000,
    ),
    "many names, and as many public names": (
        lambda n: a_testimony(" ".join(names("Mr A", n // 8)), public_names=names("Mr Z", n // 8)),
        4000,
    ),
}


def least_seconds(record: tuple[model.Entry, RawRecord], tries: int) -> float:
    """The least time the checks took on ``record`` in ``tries`` runs, the garbage collector held
    off: what the checks themselves take, without whatever else the machine was doing."""
    least = float("inf")
    gc.disable()
    try:
        for _ in range(tries):
            began = time.perf_counter()
            checks_of(*record)
            least = min(least, time.perf_counter() - began)
    finally:
        gc.enable()
    return least


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply each text's n by this")
    parser.add_argument("--full", action="store_true", help="also time each text at 250,000 characters")
    args = parser.parse_args(argv)
    print(f"{'text':46} {'n':>7} {'ms at n':>9} {'ms at 4n':>9} {'ratio':>6}" + ("  ms at 250 KB" if args.full else ""))
    for kind, (make, n) in SLOW_TEXTS.items():
        n = max(8, int(n * args.scale))
        short, long = make(n), make(4 * n)
        once = least_seconds(short, 5)
        four = least_seconds(long, 3)
        row = f"{kind:46} {n:>7,} {once * 1e3:>9.2f} {four * 1e3:>9.2f} {four / once:>6.1f}"
        if args.full:
            whole = make(250_000)
            row += f"  {least_seconds(whole, 1) * 1e3:>12.1f}"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
