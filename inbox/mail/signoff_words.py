"""The words a sign-off is read with: titles, particles, post-nominals, valedictions in our
languages, greetings and salutations, affiliation words. Vocabulary only; ``signoff`` reads it."""
from __future__ import annotations

import re

_TITLES = {"dr", "prof", "professor", "sir", "dame", "lord", "lady", "baroness", "baron", "rev",
           "revd", "reverend", "canon", "father", "fr", "mr", "mrs", "ms", "miss", "mx", "col",
           "colonel", "major", "maj", "capt", "captain", "brig", "brigadier", "gen", "general",
           "lt", "cllr", "councillor", "rt", "hon", "the", "rabbi", "bishop", "dean", "judge",
           "admiral", "cdr", "commander", "sgt", "chief", "venerable", "ven", "most", "right", "very"}
_PARTICLES = {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "le", "la",
              "al", "bin", "ben", "ter", "y", "dos", "das", "af", "zu"}
_POSTNOMINALS = {"phd", "dphil", "bsc", "msc", "ma", "ba", "mba", "qc", "kc", "mp", "msp", "obe",
                 "mbe", "cbe", "kbe", "dbe", "frs", "fba", "frsa", "frcp", "frcs", "fca", "esq",
                 "jp", "dl", "rn", "cb", "cmg", "jr", "sr", "kcmg", "gcmg", "kcb", "gcb", "kcvo",
                 "gcvo", "cvo", "lvo", "mvo", "dso", "mc", "frse", "freng", "fmedsci", "fsa",
                 "frhists", "frgs", "fras", "frsl", "ch", "om", "pc", "ll.m", "llm", "md", "frcgp",
                 "ofr", "con", "gcon", "mfr", "cfr", "ao", "ac", "am", "oam", "cm", "oc"}
_CONNECTORS = {"upon", "on", "under", "in", "le", "de", "la", "the", "by", "of", "and", "en",
               "sur", "am", "an", "der", "im", "next", "super"}
_VALEDICTION_WORDS = {
    "yours", "sincerely", "faithfully", "truly", "ever", "regards", "wishes", "best", "kind",
    "kindest", "warm", "warmest", "thanks", "thank", "many", "cheers", "love", "respectfully",
    "cordially", "sincere",
    "grüße", "grüßen", "grüsse", "grüssen", "gruß", "gruss", "beste", "viele", "liebe",
    "herzliche", "freundlichen", "freundliche", "cordialement", "salutations", "amitiés",
    "saludos", "saludo", "atentamente", "cordiali", "saluti", "groet", "groeten", "vriendelijke",
    "pozdrawiam", "pozdrowienia", "hälsningar", "hälsning", "mvh", "mfg", "vg", "lg", "ta",
    "cordiales", "cordial", "cordialmente", "distinti", "distintos", "atenciosamente",
    "cumprimentos", "abraços", "abraço", "abrazos", "abrazo", "besos", "hartelijke", "groetjes",
    "hilsen", "hilsner", "venlig", "venlige", "vennlig", "vennlige", "vänliga", "vänlig",
    "terveisin", "ystävällisin", "poważaniem", "saygılarımla", "saygılar", "уважением",
    "gruesse", "grüess", "bises", "amicalement", "distinguées", "sentiments", "saluto", "salutos",
}
# Whole valediction lines that are not made of the words above ("Is mise le meas", Irish;
# "С уважением", Russian; "Z poważaniem", Polish), compared lower-cased without punctuation.
_VALEDICTION_PHRASES = {"is mise le meas", "mise le meas", "le meas", "le gach dea-ghuí",
                        "с уважением", "z poważaniem", "z wyrazami szacunku", "s pozdravem",
                        "trân trọng", "thân ái", "よろしくお願いします", "よろしくお願いいたします",
                        "敬具", "此致敬礼", "此致 敬礼", "祝好", "iyi çalışmalar",
                        "με εκτίμηση", "με φιλικούς χαιρετισμούς", "φιλικά", "cu stimă", "cu stima",
                        "cu respect", "cu drag", "yn gywir", "yn ddiffuant", "cofion", "cofion cynnes",
                        "s úctou", "se srdečným pozdravem", "srdečně", "üdvözlettel",
                        "tisztelettel", "baráti üdvözlettel"}
# The long formal closings written as one sentence: "Veuillez agréer, Monsieur, l'expression de
# mes salutations distinguées.", "Je vous prie d'agréer ...", "Reciba un cordial saludo",
# "Porgo distinti saluti".
_VALEDICTION_FORMULA = re.compile(
    r"^(?:veuillez|je vous prie d['’]|recevez|agréez|croyez)\b.{0,120}\b(?:salutations|sentiments|"
    r"considération|respect|hommages)\b[^.!?]{0,40}[.!]?$"
    r"|^(?:reciba|recibe|reciban)\b.{0,40}\bsaludos?\b[^.!?]{0,20}[.!]?$"
    r"|^(?:porgo|invio|porgiamo)\b.{0,40}\bsaluti\b[^.!?]{0,20}[.!]?$",
    re.I,
)
# Greeting words: never part of a name or a town, but a line of them opens a letter ("Hello",
# "Dear Editor"), it does not close one.
_GREETING_WORDS = {"dear", "hello", "hi", "editor", "sent", "ps", "p.s.", "greetings"}
# Words that may join valediction words on a valediction line ("with", "all the", "mit", "bien").
_VALEDICTION_FILLER = {"with", "all", "the", "you", "very", "most", "my", "and", "again", "mit",
                       "bien", "à", "vous", "un", "met", "med", "vänlig", "x", "xx", "xxx",
                       "etc"}           # "Yours, etc.", the letters page's old valediction
_FUNCTION_WORDS = {"and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "is", "are",
                   "was", "be", "not", "it", "this", "that", "my", "our", "your", "his", "her",
                   "their", "a", "an", "i", "we", "you", "he", "she", "they", "me", "us", "all",
                   "very", "just", "so", "but", "if", "as", "no", "yes", "the", "please"}
# The offices a person holds ("Rector of ...", "Liberal Democrat Health Spokesperson"): words of
# an affiliation, and on a line under the name never the town (``_ROLE``).
_ROLE_WORDS = (
    r"spokes(?:person|man|woman)|rector|vicar|curate|chaplain|archdeacon|ambassador|minister|"
    r"professor|lecturer|director|chairman|chair|president|secretary|head of|fellow|editor|"
    r"officer|adviser|advisor|correspondent|consul|governor|mayor|envoy|solicitor|barrister|"
    r"emeritus|mp for|shadow"
)
_AFFILIATION = re.compile(
    r"\b(?:university|universit[äéà]t?|college|department|dept|school|institute|faculty|centre|"
    r"center|society|trust|foundation|council|association|academy|museum|hospital|ltd|plc|"
    r"group|chief executive|member of parliament|reader in|partner|"
    r"king's|queen's|institution|library|committee|campaign|party|church|diocese|parish|"
    r"house of lords|house of commons|parliament|senate|assembly|high commissioner|"
    r"former|formerly|chief of|benefice|liberal democrat|"
    rf"conservative|labour|plaid cymru|green party|{_ROLE_WORDS})\b",
    re.I,
)
_ROLE = re.compile(rf"\b(?:{_ROLE_WORDS}|chief|member of)\b", re.I)
# A salutation is a few words and a comma: "Hello Megan, agreed." is already the letter.
_SALUTATION = re.compile(r"^\s*(?:dear(?:\s+[^\s,.!:]{1,25}){1,5}|sir|madam|sirs|sir or madam|"
                         r"(?:hello|hi|good (?:morning|afternoon|evening)|sehr geehrte[rs]?|liebe[rs]?|hallo|"
                         r"cher|chère|chers|madame|monsieur|bonjour|estimad[oa]s?|querid[oa]s?|"
                         r"hola|gentile|egregio|ciao|geachte|beste|hej|hei|szanown[iya]|"
                         r"уважаем\w{0,4}|здравствуйте)(?:\s+[^\s,.!:]{1,25}){0,3}|"
                         r"[^\W\d]{1,6}(?:様|さま|先生|您好|你好)|"
                         r"to the editor|editor|the editor|greetings)\s*[,:!.，：、]?\s*$", re.I)
