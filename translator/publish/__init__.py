"""Publishing: a static site of the stored documents that are ready (``translator publish``).

* :mod:`translator.publish.site`: which documents are published (the one
  filter), building the site, incrementally, with its manifest;
* :mod:`translator.publish.pages`: the article pages (the HTML export's page
  with the site's head: canonical link, hreflang alternates, Open Graph,
  JSON-LD) and the index pages;
* :mod:`translator.publish.feeds`: the Atom feed and the sitemap.
"""
