"""The progress line: shown on a terminal after the delay, silent elsewhere or when asked."""

import io
import sys
import types

import pytest

from framing.pipeline.progress import Progress, format_duration


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def run(stream, clock, enabled=None, total=10_000_000, steps=5, seconds_per_step=1.0):
    progress = Progress(total, stream=stream, clock=clock, enabled=enabled)
    for i in range(1, steps + 1):
        clock.now += seconds_per_step
        progress.update(documents=100 * i, done=total * i // steps)
    progress.close()
    return stream.getvalue()


def test_a_terminal_gets_one_line_rewritten_with_rate_and_time_left():
    clock = Clock()
    out = run(FakeTTY(), clock)
    frames = out.rstrip("\n").split("\r")[1:]
    # nothing in the first 2 s; then one frame per update, and the final state drawn at close
    assert len(frames) == 5 and out.endswith("\n") and "\n" not in out[:-1]
    assert frames[0].startswith("framing: 200 documents, 4.0 of 10.0 MB (40%), 2.00 MB/s, 0:02 elapsed")
    assert "about 0:03 left" in frames[0]
    assert frames[-1].startswith("framing: 500 documents, 10.0 of 10.0 MB (100%)") and "left" not in frames[-1]


def test_short_work_prints_nothing():
    clock = Clock()
    assert run(FakeTTY(), clock, steps=3, seconds_per_step=0.5) == ""


def test_silent_when_not_a_terminal_or_when_asked():
    assert run(io.StringIO(), Clock()) == ""
    assert run(FakeTTY(), Clock(), enabled=False) == ""
    assert run(io.StringIO(), Clock(), enabled=True).count("\r") == 5  # forced on


def test_redraws_are_rate_limited():
    clock = Clock()
    stream = FakeTTY()
    progress = Progress(None, stream=stream, clock=clock)
    clock.now += 3
    for i in range(100):
        clock.now += 0.01  # 100 updates within one second
        progress.update(documents=i, done=i * 1000)
    assert stream.getvalue().count("\r") == 4  # every 0.25 s
    assert "MB (" not in stream.getvalue() and "left" not in stream.getvalue()  # total unknown: no share, no ETA


def test_a_shorter_line_blanks_the_rest_of_the_previous_one():
    clock = Clock()
    stream = FakeTTY()
    progress = Progress(None, stream=stream, clock=clock, label="a-long-label")
    clock.now += 3
    progress.update(documents=1, done=0)
    progress.label = "x"
    clock.now += 1
    progress.update(documents=1, done=0)
    first, second = stream.getvalue().split("\r")[1:]
    assert len(second) == len(first)


def test_in_a_notebook_it_updates_one_display(monkeypatch):
    shown = []

    class Handle:
        def update(self, bundle, raw):
            shown.append(("update", bundle["text/plain"]))

    def display(bundle, raw, display_id):
        assert raw and display_id
        shown.append(("display", bundle["text/plain"]))
        return Handle()

    kernel_shell = types.SimpleNamespace(kernel=object())
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: kernel_shell))
    monkeypatch.setitem(sys.modules, "IPython.display", types.SimpleNamespace(display=display))
    clock = Clock()
    progress = Progress(1000, clock=clock)  # no stream given: the notebook is detected
    for i in range(3):
        clock.now += 1.5
        progress.update(documents=i, done=300 * i)
    progress.close()
    assert [kind for kind, _ in shown] == ["display", "update", "update"]
    assert shown[-1][1].startswith("framing: 2 documents")


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59.6, "1:00"), (3725, "1:02:05")])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text
