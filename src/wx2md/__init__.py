"""wx2md: WeChat Official Account articles to Jekyll Markdown posts.

The pipeline, one module per stage (data flows one way):

    source.py    URL or file -> raw page (the only stage besides images that reads the network or disk)
    extract/     raw page -> Article (kind, metadata, content tree); WeChat error pages raise
                 PageUnavailable / VerificationWall (page, error_pages, kind, metadata, content)
    clean/       content tree -> cleaned tree (also used by `normalize` on leftover HTML)
    post.py      Article + cleaned tree -> Post (front matter + body tree)
    images.py    Post -> Post with local image files (network at the edge)
    markdown.py  cleaned tree -> Markdown (once, when post.render writes the post)
    site.py      Post -> files in the Jekyll site (atomic, never outside the site)

`core.convert_html(html, url)` chains the pure stages and does no I/O. The three
commands are thin layers over the stages: convert.py, normalize/ and migrate/
(cli.py parses their flags; console.py is how they report). README's Development
section lists every module.
"""

__version__ = "0.1.0"
