"""Articles feeds in: fetch (bounded HTTP), parse (feedparser), import (the article service),
and the poller that ``inbox serve`` runs in its own thread. No Flask here."""
