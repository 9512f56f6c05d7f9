"""The editorial desk: the services editors' actions go through (moderation, accounts, audit),
what they read (the queue, search, reading a letter, its sanitised HTML, the diff of an edit),
the articles and the editors' order. Services take a session, own their writes and their audit,
and never commit: the web request or the CLI command does. No Flask here.
"""
