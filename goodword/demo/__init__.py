"""The demo network: deterministic, realistic German-speaking professionals who recommend each
other mostly within their local circles, with some links across cities and professions.

`seed.seed_demo(members=N, seed=S)` builds the whole network with bulk inserts in one
transaction, so 100,000 members take a few minutes, not hours. The same seed gives the same
names and texts. Only `manage.py seed_demo` calls this.

Besides recommendations, about one member in fifteen has posted a request ("Gesuch"); some
were answered by members the asker recommended (introducing a trusted contact "weil …", or
offering help), a few are resolved with their conversation. The demo account gets a fixed
story on every page: her own request with two answers, a request she can help with, a pending
and an accepted introduction, a direct conversation, a referral passed and one received, and
private trust marks. That story is checked against the contact rules before it is written.

Modules: `data` (the vocabulary), `network` (members and recommendations, planned in memory),
`texts` (recommendation texts), `activity` (requests and answers), `demo_member` (the demo
account's story), `writer` and `inserts` (writing it all), `seed` (the whole run).
A Django app (for its management commands) in the top layer: it writes through every app.
"""
