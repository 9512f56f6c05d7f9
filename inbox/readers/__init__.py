"""Mail to readers and their privacy (issue 18): the durable outbox and its sender, the RFC 3834
guard, the notice templates, consent to edits, withdrawal, subject access, erasure and retention.

No Flask and no aiosmtpd here: the web pages and the commands are thin shells over these modules.
"""
