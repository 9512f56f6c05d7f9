"""Intake: the SMTP/LMTP transport (``smtp``, the only aiosmtpd code) and the durable store of
raw messages (``store``: fingerprint, group commit). A message is committed here before the
listener answers 250; everything else happens later, in :mod:`inbox.pipeline`.
"""
