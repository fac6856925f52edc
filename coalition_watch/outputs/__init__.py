"""What analysts look at: country briefings (terminal and one offline HTML file), the local web
app with its JSON API, and exports of the coalition graph. See ``docs/outputs.md``."""
