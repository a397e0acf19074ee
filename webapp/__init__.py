"""The review web app (Flask).  Reviewers approve translations side by side here;
it shares the project database of :mod:`translator.store`.  Its routes arrive
with the review issue; nothing here yet."""
