"""Articles to facts: names, places, organisations, posts, dates, events."""
