"""The support desk: orders shown only to their verified owners, the shop's return, warranty and cancellation
policy, and the cases the team works (returns, warranty claims, cancellations, hand-offs to a person)."""
