"""The Reaction letters inbox: readers' letters arrive over SMTP, editors moderate them in a
browser and export the shortlist for the letters page.

Nothing happens at import time: the SMTP listener, the web app and the CLI each build what they
need from an explicit :class:`inbox.config.Settings`.
"""
