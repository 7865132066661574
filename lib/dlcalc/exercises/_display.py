"""Showing feedback, hints and solutions in a notebook (HTML with a plain-text fallback)."""

import html


def show(html_text, plain_text):
    """Display ``html_text`` in a notebook (``plain_text`` as fallback); print outside IPython."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency
        print(plain_text)
        return
    if get_ipython() is None:
        print(plain_text)
    else:
        display({"text/html": html_text, "text/plain": plain_text}, raw=True)


def _cell_number():
    try:
        from IPython import get_ipython

        shell = get_ipython()
        return None if shell is None else shell.execution_count
    except ImportError:  # pragma: no cover
        return None


class Shown:
    """Something a call already displayed: the cell's automatic display of the returned
    object is skipped in that same cell (no double output); elsewhere it displays normally."""

    _shown_in = None

    def _show(self):
        show(self.to_html(), str(self))
        self._shown_in = _cell_number()

    def _ipython_display_(self):
        if self._shown_in is not None and self._shown_in == _cell_number():
            self._shown_in = None
            return
        show(self.to_html(), str(self))


class Note(Shown):
    """A hint or a solution: ``.text`` (plain text), ``str(note)`` the same."""

    def __init__(self, heading, text):
        self.heading, self.text = heading, text

    def __str__(self):
        return f"{self.heading}\n{self.text}"

    def __repr__(self):
        return f"Note({self.heading!r})"

    def to_html(self):
        body = html.escape(self.text).replace("\n", "<br>")
        return (f'<div style="border-left:4px solid #2c5aa0;padding:4px 10px">'
                f"<b>{html.escape(self.heading)}</b><br>{body}</div>")
