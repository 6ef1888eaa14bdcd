"""Progress: a small progress line for long work, on a terminal or in a notebook, and silence elsewhere.

``Progress`` shows documents and megabytes done, the rate and the time left, once the work has taken
longer than ``delay`` seconds (short runs print nothing). Where it shows:

* on a terminal (``stream.isatty()``, by default ``sys.stderr``): one line rewritten in place with ``\\r``;
* in a Jupyter notebook (an IPython kernel is running): one output line updated in place through an IPython
  display handle;
* anywhere else (a pipe, a log file, a test runner capturing output): nothing, unless ``enabled=True``.

``enabled=False`` silences it everywhere (CLI: ``--quiet``). No third-party dependency: IPython is used only
when a notebook kernel has already imported it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["Progress", "format_duration"]

#: Work shorter than this (seconds) shows no progress at all.
DEFAULT_DELAY = 2.0
#: Least time between two redraws (seconds): a redraw per batch would flood a slow terminal.
DEFAULT_INTERVAL = 0.25


def format_duration(seconds: float) -> str:
    """``h:mm:ss`` or ``m:ss``.

    Parameters
    ----------
    seconds : float
        A duration, rounded to whole seconds (negative durations show as 0).

    Returns
    -------
    str
        ``h:mm:ss`` from one hour on, else ``m:ss``.
    """
    seconds = max(0, round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _in_notebook() -> bool:
    """Whether this process is an IPython kernel (Jupyter): ipykernel imported and a kernel running."""
    if "ipykernel" not in sys.modules or "IPython" not in sys.modules:
        return False
    get_ipython = getattr(sys.modules["IPython"], "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


class Progress:
    """A progress line: ``update(documents=…, done=…)`` as work completes, ``close()`` at the end.

    Parameters
    ----------
    total:
        Bytes of input to do (for the percentage and the time left), or ``None`` if unknown.
    label:
        Prefix of the line.
    stream:
        Where a terminal line goes (default: ``sys.stderr`` at the time of the first draw).
    enabled:
        ``None`` (default): show on a terminal or in a notebook; ``True``: always show (on ``stream``);
        ``False``: never.
    delay, interval:
        Seconds before the first draw, and at least between two draws.
    clock:
        A monotonic clock (tests pass a fake one).
    """

    def __init__(
        self,
        total: int | None = None,
        *,
        label: str = "framing",
        stream: TextIO | None = None,
        enabled: bool | None = None,
        delay: float = DEFAULT_DELAY,
        interval: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream
        self.enabled = enabled
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self._start = clock()
        self._last_draw: float | None = None
        self._documents = 0
        self._done = 0
        self._width = 0
        self._handle: Any = None
        self._mode: str | None = None  # "tty", "notebook" or "off", decided at the first draw

    # public -------------------------------------------------------------------------------------------------
    def update(self, *, documents: int, done: int) -> None:
        """Record the work done so far (totals, not increments) and redraw if it is time to."""
        self._documents, self._done = documents, done
        now = self.clock()
        if now - self._start < self.delay:
            return
        if self._last_draw is not None and now - self._last_draw < self.interval:
            return
        self._draw(now)

    def close(self) -> None:
        """Draw the final state (if anything was shown) and end the line."""
        if self._last_draw is None:
            return
        self._draw(self.clock(), final=True)
        if self._mode == "tty":
            self._out().write("\n")
            self._out().flush()
        self._last_draw = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def line(self, now: float | None = None) -> str:
        """The text of the progress line at time ``now``."""
        elapsed = max((self.clock() if now is None else now) - self._start, 1e-9)
        mb = self._done / 1e6
        rate = mb / elapsed
        parts = [f"{self.label}: {self._documents:,} documents"]
        if self.total:
            share = min(self._done / self.total, 1.0)
            parts.append(f"{mb:,.1f} of {self.total / 1e6:,.1f} MB ({share:.0%})")
        else:
            parts.append(f"{mb:,.1f} MB")
        parts.append(f"{rate:,.2f} MB/s")
        parts.append(f"{format_duration(elapsed)} elapsed")
        if self.total and self._done and self._done < self.total:
            parts.append(f"about {format_duration((self.total - self._done) / (self._done / elapsed))} left")
        return ", ".join(parts)

    # internals ----------------------------------------------------------------------------------------------
    def _out(self) -> TextIO:
        return self.stream if self.stream is not None else sys.stderr

    def _decide(self) -> str:
        if self.enabled is False:
            return "off"
        if self.stream is None and _in_notebook():
            return "notebook"
        out = self._out()
        isatty = getattr(out, "isatty", None)
        if self.enabled or (isatty is not None and isatty()):
            return "tty"
        return "off"

    def _draw(self, now: float, final: bool = False) -> None:
        if self._mode is None:
            self._mode = self._decide()
        if self._mode == "off":
            self._last_draw = now
            return
        text = self.line(now)
        if self._mode == "notebook":
            self._draw_notebook(text)
        else:
            out = self._out()
            out.write("\r" + text + " " * max(0, self._width - len(text)))
            out.flush()
            self._width = len(text)
        self._last_draw = now

    def _draw_notebook(self, text: str) -> None:
        display = getattr(sys.modules.get("IPython.display"), "display", None)
        if display is None:
            try:
                from IPython.display import display as ipython_display
            except ImportError:  # a kernel without IPython.display: fall back to a rewritten stderr line
                self._mode = "tty"
                self._draw(self.clock())
                return
            display = ipython_display
        bundle = {"text/plain": text}
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)
