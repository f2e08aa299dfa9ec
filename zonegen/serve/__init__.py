"""`zonegen serve`: a local preview that rebuilds on every save and reloads the open pages.

state.py holds what the open pages are told (the last good build, the problems of a bad one);
watch.py turns file-system events into debounced rebuilds; http.py serves the preview folder and
the live-reload stream; preview.py ties them together. Nothing here is used by `build`: the
reload script exists only in what this server sends, never in a built site.
"""
