"""What a client, an employer or a list adds under a reader's letter, per client and language.

Each trailer: ``after`` (the text under the sign-off) and the kinds of ``removed`` part it should
produce. The quoted history is always our own newsletter or an editor's reply, as readers of a
letters page send it.
"""
from __future__ import annotations

_Q = ("> THE WEEK IN REACTION\n> Blinken in Beijing: a thaw, or a pause?\n>\n"
      "> Write to us with your comments to be considered for publication.")
_PLAIN = ("THE WEEK IN REACTION\nBlinken in Beijing: a thaw, or a pause?\n\n"
          "Write to us with your comments to be considered for publication.")
_NEWS = "Reaction <newsletter@reaction.life>"


def _q(header: str, quoted: str = _Q) -> str:
    return f"{header}\n\n{quoted}"


def _outlook(*fields: str, rule: bool = True) -> str:
    block = "\n".join(fields)
    return ("________________________________\n" if rule else "") + f"{block}\n\n{_PLAIN}"


_QUOTE_HEADERS = [
    ("gmail-en", _q(f"On Mon, 26 Jun 2023 at 08:00, {_NEWS} wrote:")),
    ("gmail-date-first", _q(f"2023-06-26 8:00 GMT+01:00 {_NEWS}:")),
    ("apple-en", _q(f"On 26 Jun 2023, at 08:00, {_NEWS} wrote:")),
    ("thunderbird-en", _q("On 26/06/2023 08:00, Reaction wrote:")),
    ("android-en", _q(f"On Mon, 26 Jun 2023, 08:00 Reaction, <newsletter@reaction.life> wrote:")),
    ("yahoo-en", f"On Monday, 26 June 2023 at 08:00:00 BST, {_NEWS} wrote:\n\n\n{_PLAIN}"),
    ("protonmail", _q(f"------- Original Message -------\nOn Monday, June 26th, 2023 at 08:00, "
                      f"{_NEWS} wrote:")),
    ("outlook-desktop", _outlook(f"From: {_NEWS}", "Sent: 26 June 2023 08:00",
                                 "To: Ann Reader <ann@example.org>",
                                 "Subject: Blinken in Beijing")),
    ("outlook-original", f"-----Original Message-----\nFrom: {_NEWS}\nSent: Monday, June 26, 2023 "
                         f"8:00 AM\nTo: letters@reaction.life\nSubject: Blinken in Beijing\n\n{_PLAIN}"),
    ("outlook-web-bold", _outlook(f"*From:* {_NEWS}", "*Sent:* Monday, 26 June 2023 08:00",
                                  "*To:* ann@example.org", "*Subject:* Blinken in Beijing",
                                  rule=False)),
    ("outlook-mobile", _outlook(f"From: {_NEWS}", "Sent: Monday, June 26, 2023 8:00:00 AM",
                                "To: ann@example.org", "Subject: Blinken in Beijing")),
    ("dashed-wrote", _q("---- Reaction wrote ----")),
    ("dashed-on-wrote", "------On Mon, 26 Jun 2023, Reaction wrote-----\n\n" + _PLAIN),
    ("wrote-own-line", _q("On Mon, 26 Jun 2023 at 08:00, Reaction\n<newsletter@reaction.life>\n"
                          "wrote:")),
    ("headers-no-from", "Date: Mon, 26 Jun 2023 08:00\nTo: ann@example.org\n"
                        "Subject: Blinken in Beijing\n\n" + _PLAIN),
    ("forward-in-quote", _q(f"On Mon, 26 Jun 2023 at 09:00, Bob <bob@example.org> wrote:",
                            "> Have you seen this?\n>\n> ---------- Forwarded message ---------\n"
                            f"> From: {_NEWS}\n> Date: Mon, 26 Jun 2023 at 08:00\n"
                            "> Subject: Blinken in Beijing\n> To: <bob@example.org>\n>\n"
                            "> THE WEEK IN REACTION")),
    ("gmail-fr", _q(f"Le lun. 26 juin 2023 à 08:00, {_NEWS} a écrit :")),
    ("outlook-fr", _outlook(f"De : {_NEWS}", "Envoyé : lundi 26 juin 2023 08:00",
                            "À : Anne Lecteur <anne@example.fr>", "Objet : Blinken à Pékin")),
    ("gmail-de", _q(f"Am Mo., 26. Juni 2023 um 08:00 Uhr schrieb {_NEWS}:")),
    ("outlook-de", _outlook(f"Von: {_NEWS}", "Gesendet: Montag, 26. Juni 2023 08:00",
                            "An: Klaus Müller <klaus@example.de>", "Betreff: Blinken in Peking")),
    ("gmail-es", _q("El lun, 26 jun 2023 a las 8:00, Reaction (<newsletter@reaction.life>) "
                    "escribió:")),
    ("outlook-es", _outlook(f"De: {_NEWS}", "Enviado: lunes, 26 de junio de 2023 8:00",
                            "Para: ana@example.es", "Asunto: Blinken en Pekín")),
    ("gmail-it", _q(f"Il giorno lun 26 giu 2023 alle ore 08:00 {_NEWS} ha scritto:")),
    ("outlook-it", _outlook(f"Da: {_NEWS}", "Inviato: lunedì 26 giugno 2023 08:00",
                            "A: marco@example.it", "Oggetto: Blinken a Pechino")),
    ("gmail-pt", _q(f"Em seg., 26 de jun. de 2023 às 08:00, {_NEWS} escreveu:")),
    ("outlook-pt", _outlook(f"De: {_NEWS}", "Enviado: segunda-feira, 26 de junho de 2023 08:00",
                            "Para: joao@example.pt", "Assunto: Blinken em Pequim")),
    ("gmail-nl", _q(f"Op ma 26 jun. 2023 om 08:00 schreef {_NEWS}:")),
    ("apple-nl", _q(f"Op 26 jun. 2023, om 08:00 heeft {_NEWS} het volgende geschreven:")),
    ("outlook-nl", _outlook(f"Van: {_NEWS}", "Verzonden: maandag 26 juni 2023 08:00",
                            "Aan: jan@example.nl", "Onderwerp: Blinken in Peking")),
    ("gmail-sv", _q(f"Den mån 26 juni 2023 kl 08:00 skrev {_NEWS}:")),
    ("outlook-sv", _outlook(f"Från: {_NEWS}", "Skickat: den 26 juni 2023 08:00",
                            "Till: anna@example.se", "Ämne: Blinken i Peking")),
    ("gmail-no", _q(f"man. 26. jun. 2023 kl. 08:00 skrev {_NEWS}:")),
    ("outlook-no", _outlook(f"Fra: {_NEWS}", "Sendt: mandag 26. juni 2023 08:00",
                            "Til: ola@example.no", "Emne: Blinken i Beijing")),
    ("gmail-da", _q(f"Den man. 26. jun. 2023 kl. 08.00 skrev {_NEWS}:")),
    ("gmail-fi", _q("ma 26. kesäk. 2023 klo 8.00 Reaction (newsletter@reaction.life) kirjoitti:")),
    ("outlook-fi", _outlook(f"Lähettäjä: {_NEWS}", "Lähetetty: maanantai 26. kesäkuuta 2023 8.00",
                            "Vastaanottaja: matti@example.fi", "Aihe: Blinken Pekingissä")),
    ("gmail-pl", _q(f"pon., 26 cze 2023 o 08:00 {_NEWS} napisał(a):")),
    ("outlook-pl", _outlook(f"Od: {_NEWS}", "Wysłano: poniedziałek, 26 czerwca 2023 08:00",
                            "Do: tomasz@example.pl", "Temat: Blinken w Pekinie")),
    ("gmail-ru", _q(f"пн, 26 июн. 2023 г. в 08:00, {_NEWS}:")),
    ("mailru-ru", _q("26.06.2023 08:00, Reaction пишет:")),
    ("outlook-ru", _outlook(f"От: {_NEWS}", "Отправлено: 26 июня 2023 г. 8:00",
                            "Кому: ivan@example.ru", "Тема: Блинкен в Пекине")),
    ("gmail-tr", _q(f"{_NEWS}, 26 Haz 2023 Pzt, 08:00 tarihinde şunu yazdı:")),
    ("outlook-tr", _outlook(f"Kimden: {_NEWS}", "Gönderildi: 26 Haziran 2023 Pazartesi 08:00",
                            "Kime: ayse@example.com.tr", "Konu: Blinken Pekin'de")),
    ("gmail-ja", _q(f"2023年6月26日(月) 8:00 {_NEWS}:")),
    ("outlook-ja", _outlook(f"差出人: {_NEWS}", "送信日時: 2023年6月26日 8:00",
                            "宛先: taro@example.jp", "件名: 北京のブリンケン")),
    ("gmail-zh", _q(f"{_NEWS} 于2023年6月26日周一 08:00写道：")),
    ("outlook-zh", _outlook(f"发件人: {_NEWS}", "发送时间: 2023年6月26日 8:00",
                            "收件人: li@example.cn", "主题: 布林肯在北京")),
    ("gmail-vi", _q(f"Vào Th 2, 26 thg 6, 2023 vào lúc 08:00 {_NEWS} đã viết:")),
    ("outlook-vi", _outlook(f"Từ: {_NEWS}", "Đã gửi: Thứ Hai, 26 tháng 6, 2023 08:00",
                            "Đến: lan@example.vn", "Chủ đề: Blinken ở Bắc Kinh")),
]

_DEVICES = [
    "Sent from my iPhone", "Sent from my Galaxy", "Get Outlook for Android",
    "Gesendet von Outlook für Android", "Von meinem iPhone gesendet", "Envoyé de mon iPhone",
    "Enviado desde mi iPhone", "Inviato da iPhone", "Enviado do meu iPhone",
    "Verstuurd vanaf mijn iPhone", "Skickat från min iPhone", "Sendt fra min iPhone",
    "Lähetetty iPhonesta", "Wysłane z iPhone'a", "Отправлено с iPhone", "iPhone'umdan gönderildi",
    "iPhoneから送信", "发自我的iPhone", "Được gửi từ iPhone của tôi", "Sent from TypeApp",
    "Sent from Yahoo Mail for iPhone", "Sent with Proton Mail secure email.",
    "Get Outlook for iOS", "Sent from Mail for Windows",
]

_FURNITURE = [
    ("company-footer", "Example Ltd | 1 Example Street, London EC1A 1BB\n"
                       "T: +44 20 7946 0000 | www.example.com", ["signature"]),
    ("disclaimer-en", "This e-mail and any attachments are confidential and may be privileged. "
                      "If you are not the intended recipient, please notify the sender "
                      "immediately and delete it.", ["disclaimer"]),
    ("disclaimer-de", "Diese E-Mail ist vertraulich. Wenn Sie nicht der beabsichtigte Empfänger "
                      "sind, informieren Sie bitte den Absender. This message is confidential "
                      "and intended only for the addressee.", ["disclaimer"]),
    ("mailman-footer", "_______________________________________________\nletters-l mailing list\n"
                       "letters-l@lists.example.org\n"
                       "https://lists.example.org/mailman/listinfo/letters-l", ["list-footer"]),
    ("google-groups", "--\nYou received this message because you are subscribed to the Google "
                      "Groups \"Readers\" group.\nTo unsubscribe from this group and stop receiving "
                      "emails from it, send an email to readers+unsubscribe@googlegroups.com.",
     ["list-footer"]),
    ("dash-signature", "-- \nAnn Reader\nhttps://annreader.example.org", ["signature"]),
]

TRAILERS = (
    [{"id": name, "after": text, "removed": ["quote"]} for name, text in _QUOTE_HEADERS]
    + [{"id": f"device-{number}", "after": line, "removed": ["signature"]}
       for number, line in enumerate(_DEVICES)]
    + [{"id": name, "after": text, "removed": kinds} for name, text, kinds in _FURNITURE]
    + [{"id": "device-then-quote", "after": "Sent from my iPhone\n\n" + _QUOTE_HEADERS[0][1],
        "removed": ["signature", "quote"]},
       {"id": "none", "after": "", "removed": []}]
)
