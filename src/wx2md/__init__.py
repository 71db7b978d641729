"""wx2md: WeChat Official Account articles to Jekyll Markdown posts.

The pipeline, one module per stage (data flows one way):

    source.py    URL or file -> raw page (the only stage that reads the network or disk)
    extract/     raw page -> Article (kind, metadata, content tree); WeChat error pages raise
                 PageUnavailable / VerificationWall (page, error_pages, kind, metadata, content)
    clean.py     content tree -> cleaned tree (also used by `normalize` on leftover HTML)
    markdown.py  cleaned tree -> Markdown
    post.py      Article + Markdown -> Post (front matter + body)
    images.py    Post -> Post with local image files (network at the edge)
    site.py      Post -> files in the Jekyll site (atomic, never outside the site)

`core.convert_html(html, url)` chains the pure stages and does no I/O.
"""

__version__ = "0.1.0"
