"""Signs, in a saved HTML page, that its comments are fetched by script and so are not in the file.

A comment service's mount point (Disqus's `#disqus_thread`, Facebook's `.fb-comments`, ...) or a
"Load comments" button holds no comments when the page is saved: reading it as zero comments would
pass an unread discussion off as an all-clear. Each sign is the service's documented embed markup.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from moderation.completeness import count_gap_reason
from moderation.parsing.page_regions import outside_discussion
from moderation.thread import MissingFrame, Thread


def _id_or_class(name: str) -> str:
    return f"@id='{name}' or contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Facebook's plugin iframe, its src versioned or not ("facebook.com/v18.0/plugins/comments.php?href=...").
_FACEBOOK_PLUGIN_IFRAME = "//iframe[contains(@src, 'facebook.com/') and contains(@src, '/plugins/comments')]"

# (service, XPath of its embed): ids and classes from each service's install snippet.
_EMBEDS = (
    ("Disqus", f"//*[{_id_or_class('disqus_thread')}] | //script[contains(@src, '.disqus.com/embed.js')]"),
    # The plugin's iframe embedded directly: its src names the plugin, or (once a "Web page, complete" save
    # rewrote the src to the saved file) its title, which the SDK sets to "fb:comments Facebook Social Plugin".
    (
        "Facebook comments",
        f"//*[{_id_or_class('fb-comments')}] | //*[local-name()='fb:comments']"
        f" | {_FACEBOOK_PLUGIN_IFRAME} | //iframe[starts-with(@title, 'fb:comments')]",
    ),
    ("Commento", "//*[@id='commento'] | //script[contains(@src, 'commento.io/js/commento.js')]"),
    ("Remark42", "//*[@id='remark42'] | //script[contains(@src, 'remark42')]"),
    ("Isso", "//*[@id='isso-thread']"),
    ("Hyvor Talk", "//*[@id='hyvor-talk-view'] | //hyvor-talk-comments"),
    ("IntenseDebate", "//*[@id='idc-container'] | //script[contains(@src, 'intensedebate.com')]"),
    ("Livefyre", "//*[@id='livefyre-comments' or @id='livefyre']"),
    ("Coral", "//*[@id='coral_thread' or @id='coral-talk-stream']"),
    # utterances and giscus replace their script with their frame once it has run: a page saved after that
    # holds only the frame (iframe.utterances-frame, iframe.giscus-frame).
    ("utterances", "//script[contains(@src, 'utteranc.es/client.js')] | //iframe[contains(@src, 'utteranc.es/')]"),
    (
        "giscus",
        "//script[contains(@src, 'giscus.app/client.js')] | //giscus-widget | //iframe[contains(@src, 'giscus.app/')]",
    ),
    ("Cusdis", "//*[@id='cusdis_thread']"),
    ("Vuukle", f"//*[{_id_or_class('vuukle-comments')}]"),
    ("OpenWeb", "//*[@data-spotim-module] | //script[contains(@src, 'launcher.spot.im')]"),
    ("Discourse", "//*[@id='discourse-comments'] | //script[contains(., 'DiscourseEmbed')]"),
    ("Talkyard", f"//*[{_id_or_class('talkyard-comments')}] | //script[contains(@src, 'talkyard-comments')]"),
    ("GraphComment", "//*[@id='graphcomment'] | //script[contains(@src, 'graphcomment.com')]"),
    ("Viafoura", "//vf-conversations | //script[contains(@src, 'viafoura')]"),
    ("Gitalk", "//*[@id='gitalk-container']"),
    ("Waline", "//*[@id='waline'] | //script[contains(@src, '@waline/client')]"),
    ("Valine", "//*[@id='vcomments'] | //script[contains(@src, 'valine')]"),
    ("Twikoo", "//*[@id='tcomment'] | //script[contains(@src, 'twikoo')]"),
    ("Telegram comments", "//script[@data-telegram-discussion]"),
    ("Replybox", "//*[@id='replybox'] | //script[contains(@src, 'replybox.io')]"),
    ("Cactus Comments", "//script[contains(@src, 'cactus.chat')]"),
    # Ghost's native comments: the {{comments}} helper prints only comments-ui's script tag.
    ("Ghost comments", "//script[@data-ghost-comments] | //script[contains(@src, '/comments-ui')]"),
    ("FastComments", "//*[@id='fastcomments-widget'] | //script[contains(@src, 'fastcomments.com')]"),
    ("Comentario", "//comentario-comments | //script[contains(@src, 'comentario.js')]"),
    ("HTML Comment Box", "//*[@id='HCB_comment_box']"),
    ("HyperComments", "//*[@id='hypercomments_widget']"),
    ("Vanilla comments", "//*[@id='vanilla-comments']"),
    ("Squarespace comments", f"//*[{_id_or_class('squarespace-comments')}]"),
    # WordPress plugins and themes that fetch the site's own comments after the page loads: Thrive
    # Comments' mount, Thrive themes' lazy list (its preloader is printed only when lazy loading is on).
    ("Thrive Comments", "//*[@id='thrive-comments']"),
    ("Thrive theme lazy loading", "//*[@id='thrive_container_preload_comments']"),
)

# Services whose frame, saved on its own, we read (disqus-html, facebook-html, discourse-html): the reason
# says so, since the page and its frame are two files and each thread is read from one.
FRAME_FORMATS = {"Disqus": "disqus-html", "Facebook comments": "facebook-html", "Discourse": "discourse-html"}
"""The frame format we read for each service whose frame a page mounts; saved_frames joins a page and the
frame file its own "Web page, complete" folder holds, for every one of them."""
# Frames that name the article's address (Disqus's permalinks, Facebook's time links), so a frame saved on
# its own ("Save frame as") is joined to its page by that address too. Discourse's frame names only its
# forum topic: it joins its page only as the file the page's own save wrote.
ADDRESSED_FRAMES = ("Disqus", "Facebook comments")
# A frame's src that names no file saved beside the page: the service's own address, or none.
_REMOTE_SRC = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)

_COMMENT_NOUNS = r"(?:comments?|responses|kommentare?|comentarios?|commentaires?|antworten|respuestas|réponses|replies)"
_LOAD_VERBS = (
    r"(?:load|show|view|see|read|display|open|laden|anzeigen|einblenden|zeigen|lesen|cargar|ver|mostrar|leer|"
    r"charger|afficher|voir|lire)"
)
# "Load comments", "Kommentare anzeigen", "Ver comentarios (12)", "Afficher les 5 commentaires".
_LOAD_BUTTON = re.compile(
    rf"^(?:{_LOAD_VERBS}\s+(?:all\s+|the\s+|alle\s+|los\s+|les\s+|todos\s+los\s+|tous\s+les\s+)?(?:\d+\s+)?{_COMMENT_NOUNS}"
    rf"|{_COMMENT_NOUNS}\s+{_LOAD_VERBS})(?:\s*\(\d+\))?$",
    re.IGNORECASE,
)
# "Load more comments", "Mehr Kommentare laden", "Cargar más comentarios", "Plus de commentaires", "12 more replies".
_MORE_BUTTON = re.compile(
    rf"^(?:{_LOAD_VERBS}\s+)?(?:more|mehr|weitere|más|plus\s+de|\d+\s+more)\s+{_COMMENT_NOUNS}(?:\s+{_LOAD_VERBS})?"
    rf"(?:\s*\(\d+\))?$",
    re.IGNORECASE,
)
_MAX_BUTTON_TEXT = 60  # a button label, never a sentence of the article
# Short labels only, measured in lxml's C code: a long thread has thousands of links.
# Also the plain "12 more replies" line WP-Discourse prints under the replies it shows (p.more-replies).
_BUTTONS_XPATH = (
    "(//button | //a | //*[@role='button']"
    " | //*[contains(@class, 'more-replies') or contains(@class, 'more-comments')])"
    f"[string-length(normalize-space(.)) <= {_MAX_BUTTON_TEXT}]"
    "[not(starts-with(@href, '#')) or @href='#']"
)
_NOUN = re.compile(_COMMENT_NOUNS, re.IGNORECASE)  # a cheap first test: most links name no comments


def script_comment_reasons(document, comments_found: int) -> list[str]:
    """Why comments the page shows are not in the saved file: an embed, or a button that fetches them.

    With comments already read, only a "more comments" button says some are missing: a plain "Show
    comments" toggle may just unfold the ones that are there.
    """
    reasons, _ = _script_signs(document, comments_found)
    return reasons


def _script_signs(document, comments_found: int) -> tuple[list[str], MissingFrame | None]:
    """The reasons, and the frame the page waits on when its mount is one of a service whose frame we read."""
    reasons = []
    missing = None
    if comments_found == 0:
        for service, xpath in _EMBEDS:
            if document.xpath(xpath):
                reason = _mount_reason(service)
                if service in FRAME_FORMATS:
                    saved = _saved_frame(document, xpath)
                    reason += _frame_advice(service, saved)
                    missing = MissingFrame(service, reason, saved)
                reasons.append(reason)
                break
        if not reasons:
            frame, saved = _comment_frame(document)
            if frame is not None:
                reasons.append(
                    f"the comments are in a frame ({frame}), not in this saved page: "
                    + (
                        "it was saved as that file: read the file, if its layout is one we read"
                        if saved
                        else "save that frame itself (the browser's 'Save frame as') and read it"
                    )
                )
    button = _load_button(document, more_only=comments_found > 0)
    if button is not None:
        reasons.append(f'the page fetches comments with a button ("{button}"): they are not in this saved page')
    return reasons, missing


def _frame_advice(service: str, saved: str | None) -> str:
    """What to read with (or instead of) the page: the frame file its save wrote, else a frame to save."""
    if saved:
        return (
            f"; its frame was saved as {saved!r}: read that file with this page (name both, or their folder)"
            " and the page takes the frame's comments"
        )
    frame_name = frame_noun(service)
    if service in ADDRESSED_FRAMES:
        return (
            f"; save the {frame_name} comment frame itself (the browser's 'Save frame as') and read that file"
            f" with this page ({FRAME_FORMATS[service]}): the page then takes the frame's comments"
        )
    return (
        f"; save the {frame_name} comment frame itself (the browser's 'Save frame as') and read that file"
        f" ({FRAME_FORMATS[service]}) instead of this page"
    )


# An iframe that names comments in its address, title, name, id or class: a comment service or plugin we have
# no entry for, or the site's own comment page framed in. A frame inside the comment form is the form's (Jetpack
# Comments frames its reply box), not the comments.
_FRAME_WORDS = re.compile(r"comment|kommentar|comentari|commentaire|discus|reactie|antwort", re.IGNORECASE)
_FORM_FRAME = re.compile(r"respond|reply|form", re.IGNORECASE)


def _comment_frame(document) -> tuple[str | None, bool]:
    """The address (or title) of a frame that holds the page's comments, or None; and whether a "Web page,
    complete" save wrote that frame to a file beside the page (its address is then a relative path)."""
    for frame in document.iter("iframe"):
        names = " ".join(filter(None, (frame.get(a) for a in ("src", "title", "name", "id", "class"))))
        if not _FRAME_WORDS.search(names) or _FORM_FRAME.search(
            f"{frame.get('title') or ''} {frame.get('name') or ''}"
        ):
            continue
        if outside_discussion(frame) or any(
            ancestor.tag == "form" or _FORM_FRAME.search(f"{ancestor.get('id') or ''} {ancestor.get('class') or ''}")
            for ancestor in frame.iterancestors()
        ):
            continue
        src = (frame.get("src") or "").strip()
        return (src or (frame.get("title") or "iframe").strip()), bool(src) and not _REMOTE_SRC.match(src)
    return None, False


def _saved_frame(document, mount_xpath: str) -> str | None:
    """The file a "Web page, complete" save wrote the mount's frame to (the page's iframe then names it by a
    relative path, "story_files/embed.html"), or None for a frame still pointing at the service."""
    for mount in document.xpath(mount_xpath):
        for src in mount.xpath("descendant-or-self::iframe/@src"):
            src = src.strip()
            if src and not _REMOTE_SRC.match(src):
                return src
    return None


def frame_noun(service: str) -> str:
    """The service as it names its frame ("Facebook" for "Facebook comments": no "comments comment frame")."""
    return service.removesuffix(" comments")


def mount_address(document) -> str | None:
    """The article's address a Facebook comments mount names (`data-href`, or the plugin iframe's `href=`
    parameter): the address the plugin files the comments under and its frame's time links carry."""
    mounts = f"//*[{_id_or_class('fb-comments')}]/@data-href | //*[local-name()='fb:comments']/@href"
    for href in document.xpath(mounts):
        if href.strip():
            return href.strip()
    for src in document.xpath(f"{_FACEBOOK_PLUGIN_IFRAME}/@src"):
        values = parse_qs(urlsplit(src).query).get("href")
        if values and values[0].strip():
            return values[0].strip()
    return None


def _mount_reason(service: str) -> str:
    return f"the comments are loaded by script ({service}): none are in this saved page"


def mark_script_comments(thread: Thread, document) -> None:
    """Mark the thread unread for each script sign; a declared count gap, which says most, comes first."""
    reasons, missing = _script_signs(document, len(thread.comments))
    if not reasons:
        return
    thread.missing_frame = missing
    declared = thread.declared_comment_count
    if declared is not None and declared > len(thread.comments):
        thread.mark_unread(count_gap_reason(declared, len(thread.comments)))
    for reason in reasons:
        thread.mark_unread(reason)
    if thread.url is None and not thread.comments:
        thread.url = mount_address(document)  # a page with no canonical link: the plugin names its article


def _load_button(document, more_only: bool) -> str | None:
    for element in document.xpath(_BUTTONS_XPATH):
        text = " ".join(element.text_content().split())
        if not text or len(text) > _MAX_BUTTON_TEXT or not _NOUN.search(text):
            continue
        if _MORE_BUTTON.match(text) or (not more_only and _LOAD_BUTTON.match(text)):
            return text
    return None
