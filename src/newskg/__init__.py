"""newskg: news articles → a knowledge graph of actors, posts, quotations and relations, with evidence."""

__version__ = "0.1.0"
