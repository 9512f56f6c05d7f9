"""The pipeline: stored raw messages -> parse (:mod:`inbox.mail`) -> screen -> link -> letters.

``batch.process_pending`` is the entry; ``build`` makes one letter row, ``screening`` decides
what is automated mail, ``linking`` which article a letter answers, ``runners`` keeps it going
beside a listener. Nothing here imports Flask or aiosmtpd.
"""
