"""Buttons for comments a copy does not hold, in every language the date readers know."""

import pytest

from moderation.parsing.more_comments_words import is_more_comments_button, is_reply_count_link


@pytest.mark.parametrize(
    "line",
    [
        "Load more comments",
        "Show 12 more replies",
        "View previous comments",
        "Weitere Kommentare laden",
        "2 weitere Antworten anzeigen",
        "Afficher plus de commentaires",
        "Voir 2 autres réponses",
        "Afficher les commentaires précédents",
        "Cargar más comentarios",
        "Ver 4 respuestas más",
        "Carica altri commenti",
        "Visualizza altre 3 risposte",
        "Carregar mais comentários",
        "Meer reacties laden",
        "Bekijk nog 3 reacties",
        "Wczytaj więcej komentarzy",
        "Wyświetl 3 odpowiedzi",
        "Visa fler kommentarer",
        "3 weitere Antworten",
        "4 respuestas más…",
    ],
)
def test_buttons_fetching_comments(line):
    assert is_more_comments_button(line)


@pytest.mark.parametrize(
    "line",
    [
        "Show comments",  # a toggle: neither a count nor a "more" word
        "Afficher les commentaires",
        "Antworten",
        "3 Kommentare",  # a count header
        "load more",
        "I would like to see more comments like this one",
        "Ver respuestas",
    ],
)
def test_other_lines_are_not_buttons(line):
    assert not is_more_comments_button(line)


def test_reply_count_links_name_replies_not_comments():
    assert is_reply_count_link("3 Antworten")
    assert is_reply_count_link("2 Replies")
    assert not is_reply_count_link("3 reacties")  # Dutch for "3 comments" above the list too
    assert not is_reply_count_link("12 Kommentare")
