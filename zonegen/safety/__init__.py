"""Safety gates: nothing unlawful or unsafe is ever published.

pii          personal data in text (居民身份证号, 手机号码, 银行卡号), with masked suggestions
attachments  the same guard over the text of PDF, XLSX, DOCX, PPTX and plain-text attachments
html         raw HTML in bodies through an nh3 allow-list, with a warning per removal
review       the 保密审查 gate (`rules.require_review`)
containment  attachments and sources that could carry unpublished files into the output

Submodules are leaf functions over plain values and are imported directly (rules/ imports them),
so this package imports nothing itself.
"""
