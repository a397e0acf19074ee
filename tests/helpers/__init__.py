"""Builders and servers the tests share (imported as ``helpers.*``; tests never import each other)."""
