"""Resource pages on the ILN site: the member directory, one page per initiative, one spotlight per district.

`model` (plain values), `content` (what each page says, pure), `render` (Jinja2 templates with
autoescape, the only module importing jinja2), `canvas` (SharePoint CanvasContent1, built with
json.dumps) and `step` (the edge: compares with what the site holds, publishes only what changed).
"""
