"""Chinese-to-English translation and bilingual publishing for news articles."""

__version__ = "0.1.0"
