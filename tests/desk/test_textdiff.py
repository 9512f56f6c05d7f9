"""The editor's word diff stays exact, and bounded on hostile text (issue 13: a letter of
"x y x y ..." made difflib take 10 s per letter view)."""
from __future__ import annotations

from hypothesis import given, strategies as st

from inbox.desk.textdiff import MAX_MATCH_WORK, word_diff


def sides(segments) -> tuple[str, str]:
    before = "".join(s.text for s in segments if s.op in ("same", "del"))
    after = "".join(s.text for s in segments if s.op in ("same", "ins"))
    return before, after


@given(st.text(alphabet="ab \n", max_size=200), st.text(alphabet="ab \n", max_size=200))
def test_the_diff_rebuilds_both_texts(original, edited):
    before, after = sides(word_diff(original, edited))
    assert after == edited
    assert before.split() == original.split()


def test_a_long_repetitive_letter_is_diffed_in_bounded_time():
    original = "x y " * 20_000
    assert [s.op for s in word_diff(original, original)] == ["same"]       # unedited: one segment
    # An edit in the middle: the common start and end are matched directly, only the edit differs.
    edited = original[:40_000] + "EDIT " + original[40_000:]
    assert [(s.op, s.text) for s in word_diff(original, edited) if s.op != "same"] == [("ins", "EDIT ")]
    # Edits at both ends leave a middle of 40,000 tokens a side, far past MAX_MATCH_WORK: it is
    # shown deleted and inserted whole instead of being matched word by word.
    edited = "A " + original[2:-2] + "B "
    assert len(original.split()) ** 2 > MAX_MATCH_WORK
    segments = word_diff(original, edited)
    assert sides(segments) == (original, edited)
    assert [s.op for s in segments] == ["del", "ins", "same"]
