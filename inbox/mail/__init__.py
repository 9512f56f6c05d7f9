"""Mail: the SMTP transport (``smtp``) and the pure parsing of raw messages (``parse`` and friends)."""
