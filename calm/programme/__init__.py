"""The home programme: what a therapist asks a client to practise and how often, the client's
own goals (rated 0-10, Patient-Specific Functional Scale style), the Patient Global Impression
of Change, dated therapist notes, and what was done against what was asked, week by week."""
