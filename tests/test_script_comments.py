"""Comments fetched by script: an embed or a load button marks the page unread; look-alikes do not."""

from __future__ import annotations

import lxml.html
import pytest

from moderation.parsing.script_comments import script_comment_reasons


def page(body: str):
    return lxml.html.fromstring(f"<html><body><article><p>Article text.</p></article>{body}</body></html>")


@pytest.mark.parametrize(
    "body, service",
    [
        ('<div id="disqus_thread"></div>', "Disqus"),
        ('<div class="fb-comments" data-href="https://x.example/a"></div>', "Facebook comments"),
        ('<script src="https://utteranc.es/client.js" repo="a/b" async></script>', "utterances"),
        ('<div id="commento"></div>', "Commento"),
        ("<div id='discourse-comments'></div><script>DiscourseEmbed = {discourseUrl: 'x'};</script>", "Discourse"),
        ('<div class="talkyard-comments" data-discussion-id=""></div>', "Talkyard"),
        ('<div id="gitalk-container"></div>', "Gitalk"),
        (
            '<script async src="https://telegram.org/js/telegram-widget.js" data-telegram-discussion="c/1"></script>',
            "Telegram",
        ),
        ('<div id="thrive-comments" class="clearfix"><div class="tcm-dot-loader"></div></div>', "Thrive Comments"),
        (
            '<div id="thrive_container_list_comments"></div><div id="thrive_container_preload_comments"></div>',
            "Thrive theme",
        ),
    ],
)
def test_an_embed_with_no_comments_read_is_unread(body, service):
    [reason] = script_comment_reasons(page(body), comments_found=0)
    assert service in reason


@pytest.mark.parametrize(
    "label", ["Load comments", "Kommentare anzeigen", "Afficher les commentaires", "Ver comentarios (4)"]
)
def test_a_load_button_is_unread(label):
    [reason] = script_comment_reasons(page(f'<button type="button">{label}</button>'), comments_found=0)
    assert label in reason


def test_comments_read_beside_an_embed_are_not_called_missing():
    assert script_comment_reasons(page('<div id="disqus_thread"></div>'), comments_found=3) == []


def test_a_show_toggle_beside_read_comments_is_not_a_fetch_but_load_more_is():
    assert script_comment_reasons(page("<button>Show comments</button>"), comments_found=2) == []
    assert script_comment_reasons(page("<button>Mehr Kommentare laden</button>"), comments_found=2)


@pytest.mark.parametrize(
    "body",
    [
        '<p><a href="#comments">View comments</a></p>',  # a jump to the page's own section
        "<p>Readers who load comments sections all day will know the feeling.</p>",  # prose, not a button
        '<div class="comments-disabled">Comments are closed.</div>',
    ],
)
def test_look_alikes_are_not_signs(body):
    assert script_comment_reasons(page(body), comments_found=0) == []
