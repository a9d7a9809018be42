"""The printed wording of the two older LOC generations (kyiln-2018 and kyiln-2019), as the
sample letters in tests/fixtures/loc-samples/ carry it. The kyiln-2023 wording lives in forms.blank.
Pure constants.
"""
from __future__ import annotations

TERM_SENTENCE = (
    "for the current school year (if signed between June 1 and December 31) or for the current and the "
    "next school year (if signed between January 1 and May 31)"
)

# --- kyiln-2018: "Kentucky Innovation Lab Network", sections I-V -------------------------------
K18_TITLE = "Kentucky Innovation Lab Network"
K18_SUBTITLE = "LETTER OF COMMITMENT"
K18_PURPOSE = (
    "The Kentucky Innovation Lab Network (KYILN) is a partnership between local school districts and the "
    "Kentucky Department of Education (KDE) to provide a space for sharing innovative strategies and learning "
    "about ways to transform our education system. KDE participates in the Council of Chief State School "
    "Officers (CCSSO) Innovation Lab Network and is committed to working with a set of peer states, as well "
    "as a group of leading districts within Kentucky, to advance new models of learning that can best "
    "prepare all students for success in the 21st century."
)
K18_ESTABLISHES = "This Letter of Commitment (LOC) establishes a partnership between the Kentucky Department of " \
    "Education and {district} " + TERM_SENTENCE + "."
K18_ATTRIBUTES_INTRO = "The KYILN is grounded in six critical attributes of educational innovation identified by the CCSSO ILN:"
K18_ATTRIBUTES = (
    "Fostering world-class knowledge, skills", "Student agency", "Personalized learning",
    "Performance-based assessment", "Anytime/anywhere opportunities",
    "Providing comprehensive systems of learner support",
)
K18_PRIORITIES_INTRO = "In addition, the KYILN is committed to state priorities:"
K18_PRIORITIES = (
    "Build the capacity of districts to implement systems of personalized learning, including teacher and "
    "leader competencies for personalized learning",
    "Pilot new assessment structures that incorporate performance assessments and a competency based "
    "approach to assessment",
    "Work with districts to develop local accountability measures",
)
K18_BENEFITS_INTRO = (
    "KDE believes that the greatest benefit of participation in the KYILN is the chance to network with other "
    "Kentucky districts, as well as schools and organizations outside of the state, to share best practices "
    "and learning. In addition, KDE will commit to the KYILN districts in the following ways:"
)
K18_BENEFITS = (
    "Ongoing technical assistance, supports, and continued coordination from KDE and its partners.",
    "Support from KDE for the identification, evaluation, and dissemination of best practices to KYILN "
    "districts and more broadly.",
    "Access to CCSSO and its resources, including a chance to attend CCSSO convenings.",
)
K18_CRITERIA_INTRO = (
    "By signing this LOC, districts indicate a commitment to the work of the KYILN, including some of the "
    "following practices:"
)
K18_CRITERIA = (
    "Districts will make an effort to have representatives on monthly calls.",
    "Districts agree to be available to other local districts as a resource.",
    "Each participating district will submit an annual report that highlights 2-3 district specific "
    "policies and/or practices.",
)
K18_PLAN_INTRO = (
    "Within the framework of the priorities outlined in this LOC, please identify 2-3 points of action for "
    "your district level plan. (Your annual report will be a summation of these points of action.)"
)
K18_AGREEMENT = (
    "KDE and KYILN districts agree to the principles and commitments described above, and agree to work "
    "together in good faith to advance both collective and district commitments. This agreement is effective "
    + TERM_SENTENCE + ", with the intent that this work will be sustained and scaled over the longer term."
)
K18_DISTRICT_CAPTION = "KYILN Participating District, Superintendent/Designee"
K18_KDE_CAPTION = "Kentucky Innovation Lab Network, KDE Designee"
K18_RETURN = (
    "Return this Letter of Commitment via email to:", "Ellen Marsh", "ellen.marsh@education.ky.gov",
    "Or via mail to:", "Kentucky Department of Education", "Division of Innovation and Partner Engagement",
    "c/o Ellen Marsh", "300 Sower Blvd", "Frankfort, KY 40601",
)

# --- kyiln-2019: "KY ILN", contacts table, numbered points -------------------------------------
K19_TITLE = "Kentucky Innovative Learning Network (KY ILN)"
K19_SUBTITLE = "Letter of Commitment"
K19_INTRO = (
    "The Kentucky Innovative Learning Network (KY ILN) is a partnership between local school districts and "
    "the Kentucky Department of Education (KDE), providing a shared professional learning space for "
    "education leaders dedicated to creating vibrant learning experiences and accelerating innovation. This "
    "Letter of Commitment (LOC) establishes the district named below as a member of the KY ILN."
)
K19_BENEFITS = (
    "Ongoing opportunities to network with other Kentucky districts, as well as schools and organizations "
    "outside of the state",
    "Access to competitive grant funding for travel to model sites and innovative partnerships",
    "Ongoing technical assistance, support, and continued coordination from KDE and its partners",
    "Opportunities to pilot new KDE initiatives to advance education",
)
K19_EXPECTATIONS = (
    "Attend network convenings and monthly calls whenever possible",
    "Participate in at least one KY ILN initiative of interest to the district",
    "Serve as a thought partner and resource for other district leaders",
    "Submit an annual report summarizing progress on the district's points of action",
)
K19_CONTACTS_INTRO = (
    "List the superintendent and the district's ILN point of contact. The point of contact receives all "
    "network communications."
)
K19_PLAN_INTRO = (
    "Within the framework of the KY ILN priorities, identify two to four points of action for your "
    "district's work. Your annual report will summarize progress on these points of action."
)
K19_AGREEMENT = (
    "KDE and the district agree to work together in good faith to advance the commitments described above. "
    "This agreement is effective " + TERM_SENTENCE + ". Either party may end the agreement through written notice."
)
K19_DISTRICT_CAPTION = "For the District (Superintendent or Designee)"
K19_KDE_CAPTION = "For the Kentucky Department of Education (KDE Designee)"
K19_RETURN = (
    "Please return the signed LOC by email to Ellen Marsh (ellen.marsh@education.ky.gov), Division of "
    "Innovation, Kentucky Department of Education."
)
