"""The review screen (textual): one comment at a time with its parent, the thread around it, the model's
scores and reasons. All decisions go through session.ReviewSession; this module only draws and reads keys.

Comment text is untrusted: it is shown as plain text (rich markup in it is not interpreted) with
control characters removed, and e-mail addresses and IPs masked.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from moderation.privacy import mask_private
from moderation.review.session import ReviewSession

# Characters of each context comment shown (the comment under review is shown whole).
CONTEXT_CHARACTERS = 300


def _clean(text: str) -> str:
    """Masked, and without control characters (they would move the cursor or recolour the terminal)."""
    masked = mask_private(text)
    return "".join(c for c in masked if c in "\n\t" or (c.isprintable() and c != "\x1b"))


class ReviewApp(App):
    """y/n confirm or reject the label asked, tab leaves it unjudged, s skips, u undoes, q quits."""

    TITLE = "moderate review"
    CSS = """
    #context { color: $text-muted; height: auto; margin-bottom: 1; }
    #comment { border: round $accent; padding: 0 1; height: auto; }
    #scores { margin-top: 1; height: auto; }
    #question { margin-top: 1; text-style: bold; height: auto; }
    """
    BINDINGS = [
        Binding("y", "answer(1)", "yes"),
        Binding("n", "answer(0)", "no"),
        Binding("tab", "answer(-1)", "leave unjudged", priority=True),
        Binding("s", "skip", "skip"),
        Binding("u", "undo", "undo"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="progress")
            yield Static(id="context")
            yield Static(id="comment")
            yield Static(id="scores")
            yield Static(id="question")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def action_answer(self, value: int) -> None:
        self.session.answer(None if value < 0 else value)
        self.refresh_view()

    def action_skip(self) -> None:
        self.session.skip()
        self.refresh_view()

    def action_undo(self) -> None:
        if not self.session.undo():
            self.bell()
        self.refresh_view()

    def refresh_view(self) -> None:
        session = self.session
        entry = session.current
        total = len(session.entries)
        progress = self.query_one("#progress", Static)
        if entry is None:
            progress.update(Text(f"Queue done: {session.summary()} this session, written to {session.output}."))
            for name in ("#context", "#comment", "#scores"):
                self.query_one(name, Static).update("")
            self.query_one("#question", Static).update("q quits; run the command again for the next queue (u undoes)")
            return
        item = entry.item
        progress.update(Text(f"{session.position + 1} of {total} · {item.source} · thread {item.thread or '-'}"))
        self.query_one("#context", Static).update(self._context_text(entry))
        body = Text()
        body.append(f"{_clean(item.author) or 'comment'} ({item.comment})", style="bold")
        if item.status != "visible":
            body.append(f"  [{item.status}]", style="red")
        if item.history == 1:
            body.append("  removed by the site", style="red")
        body.append("\n" + _clean(item.text))
        self.query_one("#comment", Static).update(body)
        scores = Text()
        for label in session.labels:
            answered = session.answers.get(label, "…") if label in session.answers else "…"
            mark = {1: "yes", 0: "no", None: "unjudged"}.get(answered, "…")
            scores.append(
                f"{label}: score {entry.scores[label]:.2f} → {mark}", style="bold" if label == session.focus else ""
            )
            reasons = ", ".join(_clean(r) for r in entry.reasons.get(label, []))
            scores.append(f"   reasons: {reasons or '-'}\n")
        self.query_one("#scores", Static).update(scores)
        self.query_one("#question", Static).update(
            Text(f"{session.focus}? y yes · n no · tab unjudged · s skip · u undo · q quit")
        )

    def _context_text(self, entry) -> Text:
        item = entry.item
        text = Text()
        if item.parent_text is not None:
            text.append(f"in reply to {_clean(item.parent_author or '') or 'its parent'}: ", style="italic")
            text.append(_clean(item.parent_text)[:CONTEXT_CHARACTERS] + "\n")
        for author, words in item.context:
            if author.startswith("> "):
                continue
            text.append(f"  {_clean(author)}: {_clean(words)[:CONTEXT_CHARACTERS]}\n")
        return text
