"""Buttons that fetch comments a copied page does not hold: "Load more comments", "View 3 more replies",
"Weitere Kommentare laden", "Voir 2 autres réponses", in the languages the date readers know (en, de, fr,
es, it, pt, nl, pl, sv). Facebook, Substack and WordPress text readers ask it; a copy ending at such a
button is incomplete, whatever language the site speaks.

A button is a verb, a "more" word (or a count) and a noun for comments or replies, in either order
(German and Dutch put the verb last). Neither piece alone is a button: "Antworten" is a reply link,
"3 Kommentare" a count header.
"""

from __future__ import annotations

import functools
import re

_VERB_FIRST = (
    r"load|show|view|see|display"
    r"|charger|afficher|voir"
    r"|cargar|ver|mostrar"
    r"|carica|caricare|mostra|visualizza|vedi"
    r"|carregar|exibir"
    r"|laad|toon|bekijk"
    r"|wczytaj|załaduj|pokaż|wyświetl|zobacz"
    r"|ladda|visa"
    r"|zeige|lade"
)
_VERB_LAST = r"laden|anzeigen|zeigen|ansehen|tonen|bekijken|weergeven"
_MORE = (
    r"more|all|older|previous|earlier"
    r"|weitere|mehr|alle|ältere|vorherige|frühere"
    r"|plus de|d'autres|d’autres|autres|tous les|toutes les|anciens"
    r"|más|todos los|todas las|anteriores"
    r"|altri|altre|tutti i|tutte le|precedenti"
    r"|mais|todos os|todas as"
    r"|meer|nog|alle|oudere|eerdere|vorige"
    r"|więcej|wszystkie|wcześniejsze|starsze|poprzednie"
    r"|fler|alla|äldre|tidigare"
)
_NOUN = (
    r"comments?|replies|reply|responses"
    r"|kommentare|kommentaren|antworten"
    r"|commentaires|réponses|réponse"
    r"|comentarios|respuestas|respuesta"
    r"|commenti|risposte|risposta"
    r"|comentários|respostas|resposta"
    r"|reacties|antwoorden|reactie"
    r"|komentarzy|komentarze|odpowiedzi"
    r"|kommentarer|svar"
)
# Words that may trail the noun: "respuestas más", "commentaires précédents", "svar till", "de plus".
_AFTER = r"more|más|mais|de plus|en plus|précédents|précédentes|anteriores|precedenti|till|ancora"
_COUNT = r"\d[\d,.]{0,8}"
# An article between verb and noun: "Afficher les commentaires précédents", "View the 3 replies".
_ARTICLE = r"the|les|i|le|gli|os|as|los|las|die|de"

_VERB_FIRST_BUTTON = (
    rf"(?:{_VERB_FIRST})\s+(?:(?:{_ARTICLE})\s+)?(?:(?:{_COUNT})\s+)?(?:(?:{_MORE})\s+)?"
    rf"(?:(?:{_COUNT})\s+)?(?:{_NOUN})(?:\s+(?:{_AFTER}))?"
)
_VERB_LAST_BUTTON = rf"(?:(?:{_COUNT})\s+)?(?:{_MORE})\s+(?:(?:{_COUNT})\s+)?(?:{_NOUN})\s+(?:{_VERB_LAST})"
# Substack's verbless "3 more replies", "3 weitere Antworten", "4 respuestas más": a count makes it a button.
_COUNTED_BUTTON = rf"(?:{_COUNT})\s+(?:(?:{_MORE})\s+(?:{_NOUN})|(?:{_NOUN})\s+(?:{_AFTER}))(?:\.\.\.|…)?"
_BUTTON = rf"(?:{_VERB_FIRST_BUTTON}|{_VERB_LAST_BUTTON}|{_COUNTED_BUTTON})\W*"
# A button needs a "more" word or a count besides its verb ("Show comments" toggles a section open).
_MORE_OR_COUNT = rf"(?:^|\s)(?:{_MORE}|{_COUNT}|{_AFTER})(?:\s|\W*$)"

# Facebook's collapsed reply branch: a count and a word for replies alone ("2 Replies", "3 Antworten").
# Not "reacties"/"kommentare": in Dutch and German those are also the count of comments above the list.
_REPLY_COUNT = re.compile(
    r"\d[\d,.]{0,8}\s+(?:repl(?:y|ies)|antworten|antwort|réponses?|respuestas?|risposte|risposta"
    r"|respostas?|antwoorden|antwoord|odpowiedzi|odpowiedź|svar)",
    re.IGNORECASE,
)


# The words a button may open with: the text readers ask of nearly every line, most of which no button
# opens like (a set lookup spares them the whole pattern).
_FIRST_WORDS = frozenset(
    alternative.split()[0].replace("\\", "").casefold()
    for words in (_VERB_FIRST, _MORE)
    for alternative in words.split("|")
)
_MAX_BUTTON = 60  # characters: "Visualizza altre 12 risposte" and its kind, never a sentence


def is_more_comments_button(line: str) -> bool:
    """Whether a whole line is a button fetching comments or replies the copy does not show."""
    line = line.strip()
    if not line or len(line) > _MAX_BUTTON:
        return False
    first = line.split(None, 1)[0].casefold()
    if first not in _FIRST_WORDS and not first[0].isdigit():
        return False
    button, more_or_count = _patterns()
    return button.fullmatch(line) is not None and more_or_count.search(line) is not None


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on the first line that could be a button: every command imports the readers, few ask."""
    return re.compile(_BUTTON, re.IGNORECASE), re.compile(_MORE_OR_COUNT, re.IGNORECASE)


def is_reply_count_link(line: str) -> bool:
    """Whether a whole line is a collapsed branch's link, a count of replies alone ("3 Antworten")."""
    return _REPLY_COUNT.fullmatch(line.strip()) is not None
