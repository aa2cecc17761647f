"""Build training/corpus/generated.jsonl: labelled news-blog comments composed from hand-written fragments.

The hand-written comments (training/corpus/handwritten.jsonl) are too few to train on alone, so this
script composes more from many small fragments. Every kind of comment (insult, name change, the hard
negatives, plain talk) goes through the same composer with the same topic sentences, openers, closers,
orderings and surface noise, so that only the label-bearing fragment tells the kinds apart and a
classifier cannot learn the template instead of the label. Seeded: the output is byte-for-byte stable.

    python training/build_corpus.py            # rewrite generated.jsonl
    python training/build_corpus.py --check    # also print the hand-written/generated cross-check AUCs
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from random import Random

SEED = 20261122
CORPUS = Path(__file__).resolve().parent / "corpus"
HANDWRITTEN = CORPUS / "handwritten.jsonl"
GENERATED = CORPUS / "generated.jsonl"
MAX_WORDS = 120

# How many comments of each kind to generate, and their labels (insult, username_change).
KIND_COUNTS = {
    "insult": 900,
    "insult_and_username_change": 55,
    "username_change": 330,
    "insult_hard_negative": 660,
    "name_hard_negative": 520,
    "neutral": 1200,
}
KIND_LABELS = {
    "insult": (1, 0),
    "insult_and_username_change": (1, 1),
    "username_change": (0, 1),
    "insult_hard_negative": (0, 0),
    "name_hard_negative": (0, 0),
    "neutral": (0, 0),
}
CLEAN_INSULT_SHARE = 0.22  # share of generated insults written with no profanity at all
REPLY_SHARE = 0.3  # share of comments with one reply to another commenter (REPLY_SENTENCES) among their sentences

# What counts as profanity when we say an insult has "no profanity" (README counts use this too).
PROFANITY = re.compile(
    r"\b(fuck\w*|f\*+k|motherfuck\w*|\w*shit\w*|sh\*t|(dumb|jack|smart|fat|lard|kick|bad)?ass(hole|holes|hat|hats|es)?"
    r"|arse(hole|holes)?|dick\w*|prick\w*|bitch\w*|bastard\w*|damn\w*|goddamn\w*|hell|crap\w*|piss\w*|wank\w*|twat\w*"
    r"|cunt\w*|bollocks|bloody|douche\w*|stfu|gtfo|wtf|fukin|fking|frickin)\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------------
# Topics: context sentences that carry no label, plus the things, public figures and absent groups
# that the label fragments refer to, so that a comment stays on one subject.
# ---------------------------------------------------------------------------------------------------

TOPICS: dict[str, dict[str, list[str]]] = {
    "politics": {
        "sentences": [
            "The vote on the levy is next Tuesday.",
            "Turnout in the primary was the lowest in twenty years.",
            "Both parties voted for the same budget last year and now pretend they didn't.",
            "The campaign spent more on ads than the whole parks department gets in a year.",
            "I watched the whole debate and nobody answered the question about housing.",
            "The redistricting map splits our neighbourhood into three districts.",
            "Early voting starts Monday at the library annex.",
            "The polls have been wrong twice in a row here.",
            "Half the ballot is judges nobody has heard of.",
            "The ethics committee report comes out in March.",
            "Term limits would fix some of this but not all of it.",
            "The town hall was packed, standing room only.",
            "I've voted in every election since 1988 and never seen ads this nasty.",
            "The recall petition needs 12,000 signatures by the end of the month.",
        ],
        "things": [
            "the levy",
            "the new budget",
            "the redistricting map",
            "the campaign finance bill",
            "the recall",
            "this election",
            "the primary",
            "the ballot measure",
        ],
        "figures": [
            "the senator",
            "the mayor",
            "the governor",
            "the city council president",
            "the candidate",
            "the minister",
            "the party chairman",
            "the congressman",
            "the prime minister",
        ],
        "groups": [
            "politicians",
            "both parties",
            "the lobbyists",
            "career politicians",
            "the campaign staffers",
            "the pundits on cable",
            "the party bosses",
        ],
    },
    "courts": {
        "sentences": [
            "The ruling was 5 to 4 and the dissent is worth reading.",
            "The trial has been delayed for the third time.",
            "Jury selection starts next week at the county courthouse.",
            "The appeals court sent the case back to the lower court.",
            "Sentencing is scheduled for June.",
            "The plea deal drops two of the four charges.",
            "The judge sealed part of the record because minors are involved.",
            "Bail was set at 50,000 dollars.",
            "The settlement comes out of the city's insurance, which means our premiums.",
            "The defence says it will appeal.",
            "The case has been in the courts for six years now.",
            "The courthouse parking lot is closed during the trial.",
        ],
        "things": [
            "the ruling",
            "the plea deal",
            "the settlement",
            "the sentence",
            "the appeal",
            "the verdict",
            "this trial",
        ],
        "figures": [
            "the judge",
            "the district attorney",
            "the defence lawyer",
            "the sheriff",
            "the prosecutor",
            "the police chief",
            "the chief justice",
        ],
        "groups": [
            "lawyers",
            "the jurors",
            "the prosecutors",
            "defence attorneys",
            "the appeals judges",
            "the police union",
        ],
    },
    "sports": {
        "sentences": [
            "The match went to penalties after a scoreless extra time.",
            "We haven't won an away game since September.",
            "The new signing has three goals in four games.",
            "The stadium was half empty for the cup tie.",
            "Ticket prices went up again this season.",
            "That was the best second half I've seen from this team in years.",
            "The starting pitcher lasted two innings.",
            "The playoff game is on Saturday at 7.",
            "The referee gave eight yellow cards in the first half.",
            "They lost the lead in the last two minutes again.",
            "The high school team is undefeated this season.",
            "The transfer window closes on Friday.",
            "Our quarterback threw three interceptions.",
            "The injury list is longer than the bench.",
        ],
        "things": [
            "the game",
            "the match",
            "the draft",
            "the trade",
            "the new stadium",
            "the playoffs",
            "the transfer",
            "the season",
        ],
        "figures": [
            "the coach",
            "the ref",
            "the owner",
            "the team captain",
            "the general manager",
            "the striker",
            "the quarterback",
            "the league commissioner",
            "the manager",
        ],
        "groups": [
            "the refs",
            "the other team's fans",
            "the front office",
            "the players",
            "the sports pundits",
            "the owners",
            "the ultras",
        ],
    },
    "local": {
        "sentences": [
            "The bridge on Route 9 has been closed since March.",
            "The new roundabout on Elm Street opens next week.",
            "Parking downtown now costs two dollars an hour.",
            "The library is cutting its Sunday hours.",
            "The old mill is being turned into apartments.",
            "There's a water main break on Third Avenue again.",
            "The farmers market moves to the fairgrounds in June.",
            "They finally fixed the potholes on Maple.",
            "The fire station on the east side is closing.",
            "Garbage pickup is switching to every other week.",
            "The dog park by the river is open again.",
            "Rents on our street went up 20 percent this year.",
            "The council approved the bike lanes on Oak Street.",
            "The parade route changed because of the construction.",
            "Three shops on Main Street closed this month.",
        ],
        "things": [
            "the roundabout",
            "the bridge closure",
            "the parking meters",
            "the new apartments",
            "the bike lanes",
            "the road works",
            "the library cuts",
            "the zoning change",
        ],
        "figures": [
            "the mayor",
            "the city manager",
            "the county commissioner",
            "the planning director",
            "the councilwoman",
            "the developer",
            "the school superintendent",
        ],
        "groups": [
            "the developers",
            "drivers in this town",
            "the landlords",
            "the city planners",
            "the contractors",
            "the councillors",
            "the people who run the permit office",
        ],
    },
    "science": {
        "sentences": [
            "The study had 14,000 participants over ten years.",
            "The paper was published in a peer-reviewed journal.",
            "The telescope will be visible from here on clear nights in August.",
            "Correlation is not causation, but the effect size is large.",
            "The university lab got a new grant for the water research.",
            "The eclipse starts at 2:14 in the afternoon here.",
            "The results have not been replicated yet.",
            "The sample was mostly college students, which limits it.",
            "The museum is opening a new dinosaur exhibit.",
            "The vaccine trial results come out in the spring.",
            "The researchers shared all their data online.",
            "Scientists have been warning about this aquifer for decades.",
        ],
        "things": [
            "the study",
            "the vaccine trial",
            "the research",
            "the new model",
            "the climate report",
            "the experiment",
        ],
        "figures": [
            "the health minister",
            "the surgeon general",
            "the lead researcher",
            "the university president",
            "the TV doctor",
        ],
        "groups": [
            "the anti-vaxxers",
            "the flat earthers",
            "the science deniers",
            "the journal editors",
            "the conspiracy theorists",
            "the homeopaths",
        ],
    },
    "economy": {
        "sentences": [
            "Grocery prices are up 12 percent since last year.",
            "The plant will employ about 300 people when it opens.",
            "Interest rates went up again this quarter.",
            "Gas was 3.89 a gallon at the station on Route 5 this morning.",
            "The unemployment rate is the lowest in a decade.",
            "Half the storefronts downtown are empty.",
            "My rent went up more than my salary this year.",
            "The tax break was supposed to bring jobs, and it brought none.",
            "The quarterly numbers were better than expected.",
            "Housing starts are down for the third month.",
            "The minimum wage goes up in January.",
            "Small businesses got hit hardest by the closures.",
        ],
        "things": [
            "the tax break",
            "inflation",
            "the minimum wage increase",
            "the trade deal",
            "the tariffs",
            "the housing market",
            "the stimulus",
        ],
        "figures": [
            "the CEO",
            "the central bank governor",
            "the finance minister",
            "the treasury secretary",
            "the factory owner",
            "the bank president",
        ],
        "groups": [
            "the bankers",
            "billionaires",
            "economists",
            "the hedge funds",
            "the landlords",
            "the big chains",
            "the speculators",
        ],
    },
    "weather": {
        "sentences": [
            "We got three inches of rain in two hours last night.",
            "The forecast says snow by Thursday.",
            "The heat advisory runs through the weekend.",
            "Power was out on our street for nine hours.",
            "The river is two feet above flood stage.",
            "Schools are closed tomorrow because of the ice.",
            "That storm took down two trees in our yard.",
            "It's the driest summer since they started keeping records.",
            "The plows didn't come down our road until noon.",
            "Forty degrees in April is not normal.",
            "The hail dented half the cars in the lot.",
            "The cooling centre at the rec hall is open until 9.",
        ],
        "things": [
            "this weather",
            "the forecast",
            "the storm",
            "the heat wave",
            "the snow",
            "the flooding",
            "this humidity",
        ],
        "figures": [
            "the weatherman on channel 5",
            "the emergency manager",
            "the utility CEO",
            "the state climatologist",
            "the road commissioner",
        ],
        "groups": [
            "the forecasters",
            "the power company",
            "the people who don't shovel their sidewalks",
            "the storm chasers",
            "the plow contractors",
        ],
    },
    "tech": {
        "sentences": [
            "The update broke the app on older phones.",
            "The new phone's battery dies by mid-afternoon.",
            "The city's website has been down since Monday.",
            "They want a subscription for heated seats now.",
            "The data breach exposed 40,000 customer records.",
            "The school district is banning phones in class next year.",
            "The broadband expansion finally reached our road.",
            "The parking app charged me twice.",
            "Half the features in the new version are behind a paywall.",
            "The chatbot on the utility website is useless.",
            "Self-checkout machines at the grocery store never work.",
            "The new AI rules leave a lot of questions open.",
        ],
        "things": [
            "the update",
            "the new app",
            "the parking app",
            "the data breach",
            "the new phone",
            "the software",
            "the website",
        ],
        "figures": [
            "the tech CEO",
            "the company founder",
            "the head of IT at the county",
            "the app's developer",
            "the billionaire who bought the site",
        ],
        "groups": [
            "tech bros",
            "the app developers",
            "the people in Silicon Valley",
            "the crypto guys",
            "the influencers",
            "the programmers who made this",
        ],
    },
    "food": {
        "sentences": [
            "The bakery on Fourth has the best sourdough in town.",
            "I made the lentil soup from last week's recipe.",
            "The new taco truck parks by the courthouse at lunch.",
            "The diner raised its prices again.",
            "The restaurant failed its health inspection last month.",
            "The recipe says two cups of flour, not three.",
            "Brunch downtown now costs 30 dollars a person.",
            "The pizza place on Main finally reopened.",
            "The food festival is next weekend at the fairgrounds.",
            "Fresh corn is back at the farm stand.",
            "The chili cook-off raised 6,000 dollars for the food bank.",
            "The cafe switched to oat milk and nobody noticed.",
        ],
        "things": [
            "the recipe",
            "the new menu",
            "the food festival",
            "the health inspection",
            "the restaurant review",
            "the brunch prices",
        ],
        "figures": [
            "the celebrity food critic on TV",
            "the celebrity chef",
            "the restaurant owner",
            "the health inspector",
            "the TV cook",
        ],
        "groups": [
            "food critics",
            "the foodies",
            "the chain restaurants",
            "the delivery apps",
            "the influencers who review restaurants",
        ],
    },
    "cars": {
        "sentences": [
            "My car's software update killed the touchscreen.",
            "The recall covers 200,000 vehicles.",
            "Electric cars are great for short commutes.",
            "The dealer wants three weeks to get the part.",
            "Insurance went up 30 percent with no claims.",
            "The speed camera on Route 12 catches everyone.",
            "The new highway stretch is smooth as glass.",
            "Car thefts are up in the north end.",
            "The charging station at the mall is always broken.",
            "My truck has 280,000 miles and still runs fine.",
            "The mechanic found the problem in five minutes.",
            "Used car prices are still crazy.",
        ],
        "things": [
            "the recall",
            "the speed cameras",
            "the new highway",
            "the EV subsidy",
            "the toll",
            "the car show",
            "the new model",
        ],
        "figures": [
            "the automaker's CEO",
            "the transport minister",
            "the dealership owner",
            "the highway commissioner",
            "the car reviewer on that TV show",
        ],
        "groups": [
            "the car dealers",
            "the insurance companies",
            "truck drivers",
            "the tailgaters",
            "the people who don't use turn signals",
            "the carmakers",
        ],
    },
    "schools": {
        "sentences": [
            "The school board meeting ran until midnight.",
            "Class sizes are up to 32 in the middle school.",
            "The new school start time is 8:45.",
            "Teachers haven't had a raise in four years.",
            "The bond measure would pay for a new roof and heating.",
            "The science fair winners built a working seismometer.",
            "The bus routes changed and nobody told the parents.",
            "The graduation rate went up three points.",
            "The district is short 40 substitute teachers.",
            "Lunch prices went up 50 cents.",
            "The library at the elementary school got new books.",
            "Test scores are flat for the fifth year.",
        ],
        "things": [
            "the bond measure",
            "the school calendar",
            "the new curriculum",
            "the bus routes",
            "the teacher contract",
            "the test scores",
        ],
        "figures": [
            "the superintendent",
            "the school board chair",
            "the principal",
            "the education minister",
            "the union president",
        ],
        "groups": [
            "the school board",
            "the administrators",
            "the textbook publishers",
            "the testing companies",
            "the parents who never show up",
        ],
    },
    "health": {
        "sentences": [
            "The wait at the ER was six hours on Saturday.",
            "The clinic on the east side is closing in May.",
            "Flu shots are free at the county health office.",
            "The hospital merger means fewer beds.",
            "My prescription went from 20 to 95 dollars.",
            "The nurses have been working double shifts for months.",
            "The new walk-in clinic had no wait this morning.",
            "The health department tested the lake water again.",
            "The ambulance took 25 minutes to get to our street.",
            "The dental program for kids got cut.",
        ],
        "things": [
            "the hospital merger",
            "the clinic closure",
            "the new health plan",
            "the drug prices",
            "the ER wait times",
        ],
        "figures": ["the hospital CEO", "the health minister", "the insurance executive", "the county health director"],
        "groups": [
            "the insurance companies",
            "the drug companies",
            "the hospital administrators",
            "the pharma lobbyists",
            "the health bureaucrats",
        ],
    },
    "transport": {
        "sentences": [
            "The bus redesign moved my stop 400 metres.",
            "The train was 40 minutes late again this morning.",
            "The ferry schedule changed for the winter.",
            "The new light rail line is two years behind schedule.",
            "Fares are going up in July.",
            "The bike share stations are always empty by 8am.",
            "The airport expansion will add a second runway.",
            "The express bus skips our stop now.",
            "The toll on the bridge is going to five dollars.",
            "The night bus was cancelled without any notice.",
        ],
        "things": [
            "the bus redesign",
            "the light rail",
            "the fare increase",
            "the airport expansion",
            "the toll",
            "the ferry schedule",
        ],
        "figures": ["the transit director", "the transport minister", "the airport director", "the rail company boss"],
        "groups": [
            "the transit planners",
            "the rail company",
            "the airlines",
            "the bus company",
            "the consultants who designed the network",
        ],
    },
    "environment": {
        "sentences": [
            "The river cleanup pulled out two tonnes of trash.",
            "The wind farm would be visible from the beach.",
            "The recycling plant can't take glass anymore.",
            "The wetland was supposed to be protected.",
            "Air quality was in the red zone all weekend.",
            "The new solar panels on the school cover half its power.",
            "They're cutting down the oaks for the road widening.",
            "The lake had another algae bloom in August.",
            "The community garden has a waiting list of 80 people.",
            "The landfill is nearly full.",
        ],
        "things": [
            "the wind farm",
            "the pipeline",
            "the recycling program",
            "the road widening",
            "the new landfill",
            "the carbon tax",
        ],
        "figures": ["the environment minister", "the oil company CEO", "the parks director", "the state regulator"],
        "groups": [
            "the polluters",
            "the oil companies",
            "the activists",
            "the developers",
            "the people who dump trash by the river",
            "the lobbyists",
        ],
    },
    "culture": {
        "sentences": [
            "The old theatre is showing classic films on Fridays.",
            "The festival line-up was announced yesterday.",
            "The museum is free on the first Sunday of the month.",
            "The mural on the bank wall is finally finished.",
            "Tickets for the concert sold out in ten minutes.",
            "The community choir is looking for tenors.",
            "The book club is reading the new mystery novel.",
            "The orchestra's funding got cut in half.",
            "The street fair is back after four years.",
            "The new series was filmed partly in our town.",
        ],
        "things": [
            "the festival",
            "the concert",
            "the new mural",
            "the museum exhibit",
            "the film",
            "the arts funding",
        ],
        "figures": [
            "the festival director",
            "the headline act",
            "the museum curator",
            "the film critic on the radio",
            "the lead singer",
        ],
        "groups": [
            "the critics",
            "the ticket scalpers",
            "the festival organisers",
            "the record labels",
            "the arts council",
        ],
    },
}

# Comments by people writing in their second language: shared by every kind so that the clumsy
# grammar does not itself point at a label.
NON_NATIVE_SENTENCES = [
    "In my country we have the same problem since many years.",
    "I am live here since 2009 and never see something like this.",
    "Sorry for my english, is not my first language.",
    "This is very big problem for the people who work in night.",
    "I am agree with the article, mostly.",
    "Why nobody is speak about the prices?",
    "Every year is the same story, nothing is change.",
    "My husband he work at this place before.",
]

# Talk that fits any topic, in the plain words real comments are full of and the topic sentences
# lack ("that", "if", "so", "just", "he", "them", "as", "one", "you" meaning anyone). Real comments
# have them at every label, so without them the label fragments were where those words lived.
CONVERSATIONAL_SENTENCES = [
    "If you ask me, that's just how it goes around here.",
    "I don't know why they keep doing it that way.",
    "So what happens now?",
    "That's what I was wondering too.",
    "He said the same thing at the last meeting, so nothing new there.",
    "She was right about that one, to be fair.",
    "They should just tell us how much it costs.",
    "I'm not sure that's how it works.",
    "Well, we'll see.",
    "It's really not that simple.",
    "You can see it from the bridge if you go early enough.",
    "Your best bet is to call them before nine.",
    "You never know with these things.",
    "You have to wonder who signed off on that.",
    "Some of us have been saying this for years.",
    "There's more to it than the article says.",
    "Then again, they did the same in 2015 and it worked out.",
    "I want to see the numbers before I make up my mind.",
    "We need a better way to do this.",
    "My neighbour told me the same, and he was there.",
    "I asked him about it and he just laughed.",
    "Those were the days.",
    "These things take time, I guess.",
    "As far as I know, nobody has asked them.",
    "It's as simple as that.",
    "Just as I thought.",
    "One way or another it'll get done.",
    "Could be one of those years.",
    "Me neither.",
    "Same here, we'll see how it goes.",
    "Used to be you could park there for free.",
    "Do they even read these comments?",
    "Did anyone else get the letter?",
    "Why not just ask the people who live there?",
    "How is that even legal?",
    "When is the next meeting?",
    "Who's paying for it, though?",
    "Like I said, it's a start.",
    "I'd like to think so.",
    "That's a good point, I hadn't thought of that.",
    "Or maybe not, who knows.",
    "If it works, it works.",
    "Either way, somebody has to pay for it.",
    "Let them try it and see what happens.",
    "A little patience would go a long way here.",
    "Their office never answers the phone.",
    "His plan makes more sense than hers, but only just.",
    "Her office put out a statement this morning.",
    "The man at the counter said it's the same every year.",
    "I say give it a year and see.",
    "Nobody wants to pay more, but someone has to.",
    "Make of that what you will.",
    "You'd think someone would have checked first.",
    "If you've ever driven there at five, you know.",
    "Really?",
    "Good to know, thanks.",
    "That is exactly what happened last time.",
    "We did it as kids and turned out fine.",
    "Under the old rules this would never have passed.",
    "Some people just like to complain, and that's fine.",
]

# Replies that speak to another commenter without insulting them: thanks, questions, advice, agreement,
# sympathy, polite doubt. Comment sections are conversations, so real comments say "you" at every
# label, and a corpus whose "you" lived mostly in insults taught the model that "you" is one.
REPLY_SENTENCES = [
    "Did you get a reply from them in the end?",
    "Did you ever hear back about it?",
    "Have you tried ringing the office directly?",
    "You should ask at the library, they had the forms last week.",
    "You're right, I got the dates mixed up.",
    "You make a fair point.",
    "I'm with you on this one.",
    "Thank you for posting the link.",
    "Thanks, you saved me a phone call.",
    "Sorry to hear that, I hope you get it sorted.",
    "Hope your mum is feeling better.",
    "If you need a lift to the meeting, just say.",
    "You can find the minutes on the council website.",
    "Your photos from last year were great.",
    "I think you'll find it was the other way round.",
    "Not sure I agree with you, but I see the point.",
    "You might be thinking of the old scheme.",
    "Where did you read that?",
    "Do you have a link for that?",
    "What do you think they should do instead?",
    "How long have you lived there?",
    "Are you going on Saturday?",
    "You were there, weren't you?",
    "You said it better than I could.",
    "I remember you mentioning that last year.",
    "You and me both.",
    "Same as you, we got the letter on Friday.",
    "Good on you for going.",
    "Congratulations to you and your family.",
    "Welcome to the area, you'll like it here.",
    "Don't worry, you didn't miss much.",
    "You're not the only one who noticed.",
    "I'd be annoyed too if I were you.",
    "You'll want to get there early.",
    "Your guess is as good as mine.",
    "Fair enough, you know the area better than I do.",
    "As you said, it's early days.",
    "I take your point about the cost.",
    "Did you mean the north car park or the south one?",
    "You can still apply until the end of the month.",
    "Can you post the number when you find it?",
    "You should write to the paper about it.",
    "Keep us posted on how you get on.",
    "Let us know what they tell you.",
    "Really sorry about your dog.",
    "I'll take your word for it.",
    "Were you at the last one?",
    "You might have better luck with the online form.",
    "Enjoy your trip.",
    "You got there before me.",
    "See you at the meeting.",
    "Happy birthday to your dad!",
    "If you're around on Tuesday, come and say hello.",
    "Sorry, I didn't mean to snap at you.",
    "You could be right about that.",
    "I hadn't looked at it your way before.",
    "You raise a good question.",
    "{name}, did you get the letter too?",
    "You're a star, {name}.",
    "Thanks {name}, you're a legend.",
    "{name}, your comment about {thing} was spot on.",
    "What did you make of {thing}, {name}?",
    "Have you seen the plans for {thing}?",
    "Do you know who is running {thing} this year?",
    "You'd know more about {thing} than me.",
    "I read your post about {thing} twice, good stuff.",
]

OPENERS = [
    "Honestly,",
    "Look,",
    "Well,",
    "Ok so",
    "Wow.",
    "Lol.",
    "Sigh.",
    "Jeez.",
    "Um,",
    "Right.",
    "So",
    "Hmm.",
    "Again?",
    "Seriously,",
    "Just saying,",
    "Oh boy.",
    "Ugh.",
    "Come on.",
    "Listen,",
    "Welp.",
    "FYI",
    "Meh.",
    "Yep.",
    "Nope.",
    "Oh please.",
    "Ha.",
    "Funny,",
    "Anyway,",
    "Hey,",
    "Alright,",
]
CLOSERS = [
    "Just saying.",
    "Unbelievable.",
    "Anyway.",
    "Good night.",
    "Cheers.",
    "smh",
    "lol",
    "Sad.",
    "End of story.",
    "Think about it.",
    "Have a nice day.",
    "Whatever.",
    "Same as every year.",
    "Typical.",
    "Just my two cents.",
    "Go figure.",
    "Rant over.",
    "Thanks for reading.",
    "Moving on.",
    "Wake up people.",
    "Not rocket science.",
    "ok bye",
    "Oh well.",
    "Exactly.",
    "Amazing.",
    "Sheesh.",
    "Let that sink in.",
    "Your move.",
    "Discuss.",
    "Yikes.",
]

FIRST_NAMES = [
    "Jim",
    "Marta",
    "Luna",
    "Greg",
    "Priya",
    "Tomasz",
    "Aiko",
    "Olu",
    "Sven",
    "Rosa",
    "Dmitri",
    "Fatima",
    "Kevin",
    "Linda",
    "Rick",
    "Deb",
    "Carlos",
    "Nina",
    "Walt",
    "Janet",
    "Hank",
    "Maggie",
    "Raj",
    "Ingrid",
    "Pete",
    "Sandra",
    "Bob",
    "Chen",
    "Yusuf",
    "Ellen",
    "Gus",
    "Bea",
    "Tony",
    "Kim",
    "Lars",
    "Mei",
    "Frank",
    "Donna",
    "Ahmed",
    "Gloria",
    "Stan",
    "Wendy",
    "Mateo",
    "Irene",
    "Dale",
    "Trish",
    "Noor",
    "Colin",
    "Agnes",
    "Barry",
]
HANDLE_WORDS = [
    "River",
    "Lake",
    "Harbor",
    "Prairie",
    "Eagle",
    "Patriot",
    "Truth",
    "Realist",
    "Citizen",
    "Taxpayer",
    "Voter",
    "Grumpy",
    "Salty",
    "Northern",
    "Valley",
    "Hill",
    "Bike",
    "Coffee",
    "Garden",
    "Maple",
    "Iron",
    "Quiet",
    "Lone",
    "Wolf",
    "Bear",
    "Fisher",
    "Sailor",
    "Farmer",
    "Hawk",
    "Cedar",
    "Local",
    "Old",
    "Rusty",
    "Lucky",
    "Sunny",
    "Dusty",
    "Mountain",
    "Desert",
    "Ocean",
    "Storm",
    "Freedom",
    "Common",
    "Sense",
    "Watcher",
    "Skeptic",
    "Owl",
    "Fox",
    "Pine",
    "Granite",
]
PLACES = ["Valley", "Burbs", "Heights", "North End", "Hills", "City", "Woods", "Bay", "Flats", "Eastside"]


def random_handle(rng: Random) -> str:
    """A made-up screen name in one of the shapes people use (no dots or @, so nothing looks like an e-mail)."""
    first, word, word2 = rng.choice(FIRST_NAMES), rng.choice(HANDLE_WORDS), rng.choice(HANDLE_WORDS)
    shape = rng.randrange(9)
    if shape == 0:
        return f"{first}{rng.randint(2, 999)}"
    if shape == 1:
        return f"{word}{word2}"
    if shape == 2:
        return f"{word.lower()}_{word2.lower()}"
    if shape == 3:
        return f"{first}_in_the_{rng.choice(PLACES).replace(' ', '')}"
    if shape == 4:
        return f"{word}{rng.randint(1, 99)}"
    if shape == 5:
        return f"The{word}{word2}"
    if shape == 6:
        return f"{first}{rng.choice(['B', 'K', 'M', 'T', 'W', 'R'])}"
    if shape == 7:
        return f"{word}{first}"
    return f"{first.lower()}_{rng.randint(60, 99)}"


# ---------------------------------------------------------------------------------------------------
# Label-bearing fragments. Slots: {noun} {adj} (insult words, clean or profane by kind), {name} (a
# participant addressed by first name), {u1} {u2} (screen names), {thing} {figure} {group} (from the
# topic), {ordinal}, {n}.
# ---------------------------------------------------------------------------------------------------

CLEAN_NOUNS = [
    "idiot",
    "moron",
    "clown",
    "fool",
    "troll",
    "imbecile",
    "halfwit",
    "buffoon",
    "dimwit",
    "nitwit",
    "simpleton",
    "numpty",
    "muppet",
    "dolt",
    "twit",
    "loser",
    "crybaby",
    "dunce",
    "bozo",
    "nincompoop",
    "knucklehead",
    "blockhead",
    "bonehead",
    "airhead",
    "birdbrain",
    "ignoramus",
    "sheep",
    "crank",
    "windbag",
    "weirdo",
    "liar",
    "coward",
    "snowflake",
    "hypocrite",
    "goof",
    "donkey",
    "clot",
    "plonker",
    "pillock",
    "wally",
    "prat",
    "nutjob",
    "fraud",
    "shill",
    "creep",
    "child",
    "joke",
    "doofus",
    "dummy",
    "chump",
    "dingbat",
    "numbskull",
    "cretin",
    "lowlife",
    "scumbag",
    "toad",
    "rube",
    "jerk",
    "tool",
    "bigot",
    "dope",
]
CLEAN_ADJECTIVES = [
    "stupid",
    "ignorant",
    "pathetic",
    "brainless",
    "clueless",
    "sad little",
    "miserable",
    "gullible",
    "delusional",
    "dim",
    "dense",
    "thick",
    "dumb",
    "useless",
    "spineless",
    "smug",
    "arrogant",
    "pompous",
    "hopeless",
    "deluded",
    "dishonest",
    "bitter",
    "whiny",
    "lazy",
    "unhinged",
    "sanctimonious",
    "small-minded",
    "ridiculous",
    "half-witted",
    "feeble-minded",
    "self-important",
    "insufferable",
    "pitiful",
    "thick-headed",
]
PREDICATIVE_ADJECTIVES = [
    "stupid",
    "ignorant",
    "pathetic",
    "clueless",
    "dense",
    "thick",
    "dumb",
    "gullible",
    "delusional",
    "dim",
    "arrogant",
    "smug",
    "useless",
    "hopeless",
    "deluded",
    "dishonest",
    "unhinged",
    "ridiculous",
    "insufferable",
    "pitiful",
    "brainless",
    "small-minded",
]
PROFANE_NOUNS = [
    "dumbass",
    "jackass",
    "asshole",
    "dickhead",
    "prick",
    "shithead",
    "fuckwit",
    "douchebag",
    "dipshit",
    "bastard",
    "wanker",
    "piece of shit",
    "arsehole",
    "asshat",
    "dumbfuck",
    "twat",
    "bitch",
    "shitbag",
    "dick",
    "fuckface",
    "douche",
    "shit-for-brains",
    "cocky prick",
]
PROFANE_ADJECTIVES = [
    "fucking",
    "damn",
    "goddamn",
    "bloody",
    "stupid-ass",
    "fuckin",
    "shitty",
    "dumbass",
    "friggin",
    "damned",
    "fucking stupid",
    "bloody useless",
]
MISSPELLED_NOUNS = {
    "idiot": ["idoit", "idot", "idjit", "eejit"],
    "moron": ["moran", "morron"],
    "stupid": ["stoopid", "stupd", "stupit"],
    "clown": ["clwn", "klown"],
    "loser": ["looser"],
    "dumb": ["dum"],
    "ignorant": ["ignorent"],
    "imbecile": ["imbicile"],
    "pathetic": ["pathatic"],
}

# Insults aimed at a participant: the commenter replied to ("you", "@name", a first name), the author,
# or the moderators. Written without profanity; the profane kind swaps in profane words or uses
# PROFANE_INSULTS.
INSULTS = [
    "you {adj} {noun}",
    "you {noun}",
    "you're a {adj} {noun}",
    "you are a {noun}",
    "what a {noun} you are",
    "what a {adj} {noun} you are",
    "{name}, you are a {adj} {noun}",
    "{name} you {noun}",
    "ur a {noun}",
    "u r a {noun}",
    "your a {noun}",
    "only a {noun} would write that",
    "only a {noun} would believe that",
    "spoken like a true {noun}",
    "nice try, {noun}",
    "are you a {noun} or just pretending?",
    "what is wrong with you?",
    "seriously, what is wrong with you",
    "did you even read the article?",
    "did you even read the article? reading is hard, huh",
    "reading is hard, isn't it, {name}?",
    "shut up, {noun}",
    "shut up {name}, nobody asked you",
    "nobody asked you, {noun}",
    "shut your trap, {noun}",
    "go back to your basement, {noun}",
    "crawl back under your rock",
    "you have the IQ of a {object}",
    "you have the brains of a {object}",
    "how are you this {badj}?",
    "do you ever think before you type?",
    "get a brain, {noun}",
    "grow up, {noun}",
    "get a life, {noun}",
    "you're too {badj} to understand {thing}",
    "your comment is the dumbest thing I've read all {period}",
    "people like you are the reason nothing works here",
    "stick to colouring books, {noun}",
    "the adults are talking, sweetie",
    "congratulations, you're wrong again",
    "thanks, Einstein",
    "ok Sherlock, any other brilliant insights?",
    "wow, what a genius you are. not",
    "bless your heart, you really tried",
    "you are {badj} beyond words",
    "you utter {noun}",
    "what a complete {noun}",
    "total {noun} behaviour",
    "you're a {adj} {noun}, {name}",
    "you clearly don't have a clue, you {noun}",
    "take your meds, {noun}",
    "you must be the dumbest person here",
    "I've met smarter {object}s than you",
    "are you always this {badj} or is today special?",
    "your ignorance about {thing} is astounding",
    "you wouldn't know {thing} if it bit you, {noun}",
    "keep your {adj} opinions to yourself",
    "nobody cares what you think about {thing}, {noun}",
    "go away, {noun}",
    "please stop embarrassing yourself, {name}",
    "the {noun} has spoken",
    "you absolute {noun}",
    "{name} is the biggest {noun} in this comment section",
    "you sound like a {adj} {noun}",
    "you write like a {adj} child",
    "were you dropped on your head as a baby?",
    "another {adj} comment from the resident {noun}",
    "oh look, the {noun} is back",
    "typical {noun} take",
    "is english your second language or are you just {badj}?",
    "you are not very bright, are you",
    "this is why nobody takes you seriously, {noun}",
    "sit down, {noun}",
    "you've been wrong about everything since day one",
    "what a {adj} thing to say, you {noun}",
    "you're not fooling anyone, {noun}",
    "lol you {noun}",
    "I'd explain {thing} to you but I left my crayons at home",
    "{name}, you have no idea what you're talking about, you {noun}",
    # the article's author
    "the author is a {adj} {noun}",
    "whoever wrote this article is a {noun}",
    "the writer of this piece is a {adj} hack",
    "did the author even go to school? what a {noun}",
    "fire this {adj} reporter",
    "this reporter can't even count, {adj} hack",
    "hey author, you're a {noun}",
    "the journalist who wrote this is a {adj} {noun}",
    "dear author, you are a {noun} and this article proves it",
    # the moderators
    "the mods here are {adj} {noun}s",
    "hey mod, you're a {noun}",
    "the moderator is a power-tripping {noun}",
    "delete this too, you {adj} mods",
    "mods, you are a bunch of {noun}s",
    # non-native English
    "you are very {badj} person",
    "you not understand nothing, {noun}",
    "is very {badj} what you write, you are {noun}",
    "you are {noun} of internet",
    "please learn to read before you write, {noun}",
]
PROFANE_INSULTS = [
    "shut the fuck up",
    "shut the fuck up, {noun}",
    "go fuck yourself",
    "go fuck yourself, {name}",
    "fuck off, {noun}",
    "you're full of shit",
    "you are full of shit about {thing}",
    "kiss my ass, {noun}",
    "piss off, {noun}",
    "who the fuck asked you?",
    "what the hell is wrong with you?",
    "get your head out of your ass",
    "eat shit, {noun}",
    "wtf is wrong with you",
    "stfu {noun}",
    "you don't know shit about {thing}",
    "nobody gives a shit what you think",
    "you're a {adj} {noun}",
    "screw you and your {adj} opinions",
    "bite me, {noun}",
    "what a {adj} {noun} you are",
    "damn you're {cadj}",
    "the author is a {adj} {noun}",
    "the mods here are {adj} {noun}s",
    "blow it out your ass, {name}",
    "you {adj} {noun}",
    "{name}, you {adj} {noun}",
    "u r a {adj} {noun}",
    "quit being a dick, {name}",
]
OBJECTS = [
    "potato",
    "goldfish",
    "brick",
    "doorknob",
    "houseplant",
    "toddler",
    "parking meter",
    "rock",
    "sock",
    "turnip",
    "traffic cone",
    "paperweight",
]
PERIODS = ["day", "week", "year", "month", "decade"]

USERNAME_CHANGES = [
    # a moderator's or a reader's call-out
    "this is the {ordinal} name you have used here. pick one and stick with it",
    "you posted as {u1} yesterday",
    "didn't you post as {u1} last week?",
    "you were {u1} last month and {u2} now",
    "is this another sock puppet of {u1}?",
    "sock puppet of {u1}, obviously",
    "nice new username, {u1}",
    "welcome back {u1}, or whatever you're calling yourself today",
    "how many accounts do you have, {name}?",
    "{u2} and {u1} are the same person, same typos every time",
    "aren't you {u1} under a new name?",
    "please post under one name, you've used {n} different ones on this article",
    "moderator note: {u1} and {u2} are the same account and have been merged",
    "changing your username every week doesn't hide who you are",
    "you switched names again, {name}?",
    "funny how {u2} showed up the day {u1} got banned",
    "stop replying to yourself from your other account",
    "one account per person please, {u2} is clearly {u1}",
    "same writing style as {u1}, new name, same person",
    "the mods should check whether {u1} and {u2} are one person",
    "why the name change, {name}?",
    "you changed your handle but not your talking points",
    "we know {u2} is you, {name}",
    "reminder: making a new account to dodge a ban is not allowed, {u1}",
    "thanks for using a real name for once",
    "glad to see you posting under your real name now instead of {u1}",
    "is {u2} a second account of yours?",
    "I count {n} usernames from you in this thread alone",
    "you go by {u1} on the sports page and {u2} here, any reason?",
    "wasn't {u1} your old account?",
    # an admission
    "sorry about the username issue",
    "I used to comment as {u1}",
    "new handle, same me",
    "formerly posting as {u1}",
    "(previously {u1})",
    "-- posted as {u1} here, but you know me as {name}",
    "this is {name}, I was {u1} before the site update",
    "lost my password so I'm {u2} now, was {u1}",
    "changed my display name, it's still me, {name}",
    "same person as {u1}, just switched to my real name",
    "had to re-register after the migration, was {u1} before",
    "yes, {u1} and {u2} are both me",
    "sorry, posted from my old account {u1} by mistake",
    "- {name} (aka {u1})",
    "for the regulars: I used to be {u1}",
    "this is my new account, the old one was {u1}",
    "I'm the one who used to post as {u1}",
    "posting under my real name from now on, used to be {u1}",
    "I changed my username from {u1} to this, same person",
    "wrong account, that reply was me, {name}, not {u2}",
    "sry for the name mixup, {u1} is my old handle",
    "I am same person like {u1}, I have problem with password so I make new",
    "mods please merge my accounts {u1} and {u2}",
    "new name, who dis. (it's {u1})",
]
INSULTING_CALLOUTS = [
    "nice try, you {noun}, we all know you're {u1} under a new name",
    "{ordinal} username this month. pathetic",
    "{ordinal} username this month, you {noun}",
    "changing your name won't make you any less of a {noun}, {name}",
    "hey {noun}, you posted as {u1} yesterday",
    "new account, same {adj} opinions. go away, {noun}",
    "another sock puppet from the same {adj} {noun}",
    "you're a coward hiding behind your {ordinal} username",
    "the {noun} formerly known as {u1} is back",
    "you {adj} {noun}, you forgot to log out of {u1}",
    "we know it's you, {name}. same {noun}, new name",
    "your sock puppets are as {badj} as you are",
    "how {badj} do you think we are? {u2} is obviously {u1}",
    "cute new alias, {noun}",
    "making a second account to agree with yourself? what a {adj} {noun}",
]

# Hard negatives for insult: insult words, profanity and "you" in comments that insult no participant.
PUBLIC_FIGURE_INSULTS = [
    "{figure} is a {adj} {noun}",
    "what a {noun} {figure} is",
    "{figure} is an absolute joke",
    "honestly {figure} is a {noun}",
    "{figure}, what a {adj} {noun}",
    "{figure} should be fired, {adj} {noun}",
    "{figure} has been a {noun} about {thing} from day one",
    "{figure} is {badj} and everybody knows it",
    "I wouldn't trust {figure} to run a lemonade stand, what a {noun}",
    "{figure} acted like a total {noun} at the meeting",
    "{figure} is very {badj} man in my opinion",
    "{figure}? {adj} {noun}.",
]
GROUP_INSULTS = [
    "{group} are {adj} {noun}s",
    "{group} are idiots, all of them",
    "{group}? bunch of {noun}s",
    "{group} are the real {noun}s here",
    "all {group} are clowns",
    "{group} are {badj}",
    "never trust {group}, {adj} {noun}s",
    "{group} have been {badj} about {thing} for years",
]
UNAIMED_PROFANITY = [
    "this {padj} {thing} is a disaster",
    "holy shit, what a {event}",
    "what the hell is going on with {thing}?",
    "{thing} is a complete shitshow",
    "damn, {thing} went better than I expected",
    "hell yeah, finally",
    "{thing} is bullshit",
    "{thing} is really pissing me off",
    "what a {padj} mess",
    "fuck {thing}, honestly",
    "holy crap",
    "damn it, I missed {thing}",
    "{thing} is a pain in the ass",
    "shit, I forgot about {thing}",
    "goddamn, what a week",
    "what a shitty day for it",
    "this is fucking insane",
    "bloody hell, {thing} again",
    "{thing} can go to hell",
    "well that's a load of crap",
    "damn right",
    "no fucking way",
    "wtf happened to {thing}",
]
QUOTED_INSULTS = [
    "he called me a {noun}, which was uncalled for",
    "calling people {noun}s doesn't help",
    "calling {figure} a {noun} won't change anything",
    '{figure} called {group} "{noun}s" in the interview, which was unprofessional',
    "my {relative} calls {figure} a {noun}, I think that's too harsh",
    'someone yelled "you {noun}" at {figure} and got escorted out',
    'the protest sign said "{group} are {noun}s"',
    'name-calling like "{noun}" just derails the discussion',
    'the article quotes {figure} saying "you {noun}" to a reporter',
    'I don\'t think "{noun}" is a useful word in this debate',
    "according to the transcript the defendant called the judge a {noun}",
    'my kid learned the word "{noun}" at school, thanks a lot',
    'insults like "{adj} {noun}" get comments deleted here, so let\'s keep it civil',
    'he shouted "shut up" at the council and got removed',
    "she was called a {noun} online and she handled it with class",
]
SELF_DEPRECATION = [
    "I'm a {noun}, I misread it",
    "what a {noun} I am, wrong thread",
    "silly me, I thought it was about {thing}",
    "I'm so {cadj}, I forgot about {thing}",
    "call me a {noun}, but I still like {thing}",
    "my bad, {cadj} of me",
    "I was a total {noun} about {thing}, I admit it",
    "I feel like a {noun}, the answer was in the article",
    "I'm an idiot, ignore my last comment",
    "I'm the {noun} who voted for it, sorry everyone",
    "me = {noun}. I drove to the old office this morning",
    "I'm so dumb, I read it twice and still missed that part",
]
POLITE_DISAGREEMENT = [
    "I think you are wrong about {thing}",
    "respectfully, you misread the part about {thing}",
    "you make a good point, but {thing} is more complicated",
    "you're not a {noun} for asking, it's confusing",
    "nobody thinks you're {cadj}, it's a fair question",
    "I see where you're coming from on {thing}",
    "you may want to double check the numbers on {thing}",
    "fair point, you changed how I see {thing}",
    "I disagree with you on {thing} but thanks for explaining",
    "you're right, I hadn't thought of that",
    "you and I rarely agree, but you nailed it on {thing}",
    "don't let anyone call you a {noun} for caring about {thing}",
    "you're not wrong, {name}",
    "thanks {name}, you saved me a trip",
    "I am agree with you about {thing}",
]

# Hard negatives for username_change: names, changes and accounts that are not a commenter's screen name.
NAME_NEGATIVES = [
    "I changed my mind about {thing}",
    "what's the name of the bill?",
    "{thing} is the name of the game",
    "{figure} changed his position on {thing}",
    "{figure} changed her tune on {thing} pretty fast",
    "they renamed the agency but nothing else changed",
    "what's in a name?",
    "the new account of events doesn't match the video",
    "I opened a savings account at the credit union",
    "@{u1} good point about {thing}",
    "agree with {u1} on this one",
    "like {u1} said above, {thing} is overdue",
    "take into account that {thing} was decided years ago",
    "by all accounts {figure} did a decent job",
    "cancelled on account of the rain",
    "name and shame whoever approved {thing}",
    "in the name of transparency, publish the minutes",
    "they changed the name of the street",
    "the stadium got a new sponsor name",
    "{figure}'s account of the meeting is different from the minutes",
    "my bank account can't take another fee",
    "{u1}, you always have the best info on {thing}",
    "{u1} is right about {thing}",
    "thanks {u1}, useful link",
    "-- {name}",
    "cheers, {name}",
    "signed, a long-time reader",
    "I changed my vote after the debate",
    "I can't name a single good thing about {thing}",
    "the name of {thing} is misleading",
    "times have changed",
    "the plan changed three times this year",
    "{figure} changed course on {thing}",
    "they changed the rules on {thing} again",
    "the company behind {thing} rebranded, same people",
    "I posted about {thing} on the community board too",
    "first time commenter, long time reader",
    "just made an account to say thanks for covering {thing}",
    "the treasurer couldn't account for the money",
    "I've accounted for inflation, it's still too expensive",
    "{figure} goes by a nickname but everyone knows who he is",
    "the suspect used several aliases, police said",
    "can the reporter give the name of the contractor?",
    "changed my password after the breach, you should too",
    "{u1} and I usually disagree, but not on {thing}",
    "replying to {u1}: the numbers are in the second table",
    "my name is on the petition too",
    "put my name down for the cleanup",
    "that's a name I haven't heard in years",
    # the everyday words of name talk ("used to", "same", "new", "old", "back", "post", "as") with no name talk
    "{thing} used to be run properly",
    "we used to walk everywhere and nobody complained",
    "don't get used to it",
    "I'm used to {figure} saying that by now",
    "I used to support {figure}, not any more",
    "my {relative} used to say the same thing about {thing}",
    "same old story with {thing}",
    "same as last year, {thing} is over budget again",
    "new year, same arguments about {thing}",
    "{figure} is just as bad as the last one",
    "same here, {u1}",
    "{u1} and I are on the same page about {thing}",
    "the new plan for {thing} is the same as the old one",
    "old habits die hard at city hall",
    "the old bridge held up better than the new one will",
    "welcome back {u1}, haven't seen you around in a while",
    "good to have you back, {u1}",
    "your posts on {thing} are always worth reading, {u1}",
    "as I said in my earlier post, {thing} needs a public vote",
    "I posted the same link on the other article",
    "funny how {thing} always costs more than promised",
    "funny how nobody asked the residents about {thing}",
    "moderator: {u1}, {u2}, keep it to the topic please",
    "moderator note: comments on {thing} close at midnight",
    "reminder from the moderators: stay on topic and keep it civil",
    "{u1} posted this yesterday and it's still true",
    "I've posted here for years and {thing} has never been this bad",
    "{figure} used the same excuse last time",
    "as a long-time resident, I can tell you {thing} is overdue",
    "posting this again because nobody answered: when is the vote on {thing}?",
]

RELATIVES = ["uncle", "dad", "mother-in-law", "neighbour", "coworker", "brother", "grandma", "boss"]
EVENTS = ["game", "storm", "finish", "comeback", "night", "result", "goal", "turnout"]
ORDINALS = ["third", "fourth", "fifth", "second", "sixth", "3rd", "4th"]


class _Slots(dict):
    """Fills a fragment's {slots}, choosing each value once per comment so repeated slots agree."""

    def __init__(self, rng: Random, topic: dict[str, list[str]], profane: bool) -> None:
        super().__init__()
        self.rng, self.topic, self.profane = rng, topic, profane

    def __missing__(self, key: str) -> str:
        rng = self.rng
        choosers: dict[str, Callable[[], str]] = {
            "noun": lambda: rng.choice(PROFANE_NOUNS if self.profane and rng.random() < 0.7 else CLEAN_NOUNS),
            "adj": lambda: rng.choice(PROFANE_ADJECTIVES if self.profane and rng.random() < 0.6 else CLEAN_ADJECTIVES),
            "badj": lambda: rng.choice(PREDICATIVE_ADJECTIVES),
            "cadj": lambda: rng.choice(["stupid", "dumb", "slow", "thick", "dense", "clueless", "silly"]),
            "padj": lambda: rng.choice(["fucking", "damn", "goddamn", "bloody", "stupid", "ridiculous"]),
            "name": lambda: rng.choice(FIRST_NAMES),
            "u1": lambda: random_handle(rng),
            "u2": lambda: random_handle(rng),
            "thing": lambda: rng.choice(self.topic["things"]),
            "figure": lambda: rng.choice(self.topic["figures"]),
            "group": lambda: rng.choice(self.topic["groups"]),
            "object": lambda: rng.choice(OBJECTS),
            "period": lambda: rng.choice(PERIODS),
            "relative": lambda: rng.choice(RELATIVES),
            "event": lambda: rng.choice(EVENTS),
            "ordinal": lambda: rng.choice(ORDINALS),
            "n": lambda: rng.choice(["three", "four", "five", "3", "4", "6"]),
        }
        value = choosers[key]()
        if key == "u2" and value == self.get("u1"):
            value += "2"
        if key in ("noun", "adj") and value in MISSPELLED_NOUNS and rng.random() < 0.12:
            value = rng.choice(MISSPELLED_NOUNS[value])
        self[key] = value
        return value


_VOWEL_WORD = re.compile(r"\b([Aa]) (?=([a-zA-Z]+))")


def _fix_articles(text: str) -> str:
    """'a idiot' -> 'an idiot' after slot filling; 'useless'/'union' keep 'a'."""

    def article(match: re.Match[str]) -> str:
        word = match.group(2).lower()
        vowel = word[0] in "aeio" or word.startswith(("utter", "un", "ug", "ignor", "imb"))
        if word.startswith(("uni", "use", "eu", "one")):
            vowel = False
        return (match.group(1) + "n ") if vowel else match.group(0)

    return _VOWEL_WORD.sub(article, text)


def _core(kind: str, rng: Random, topic: dict[str, list[str]], profane: bool) -> str:
    """The one fragment that carries the comment's labels."""
    if kind == "insult":
        pool = PROFANE_INSULTS if profane and rng.random() < 0.55 else INSULTS
    elif kind == "insult_and_username_change":
        pool = INSULTING_CALLOUTS
    elif kind == "username_change":
        pool = USERNAME_CHANGES
    elif kind == "name_hard_negative":
        pool = NAME_NEGATIVES
    else:  # insult_hard_negative
        pool = rng.choices(
            [
                PUBLIC_FIGURE_INSULTS,
                GROUP_INSULTS,
                UNAIMED_PROFANITY,
                QUOTED_INSULTS,
                SELF_DEPRECATION,
                POLITE_DISAGREEMENT,
            ],
            weights=[22, 16, 22, 16, 12, 12],
        )[0]
    for _ in range(20):
        fragment = _fix_articles(rng.choice(pool).format_map(_Slots(rng, topic, profane)))
        # Insults are made clean or profane on purpose (the README reports the share): keep trying until
        # the fragment is what was asked for. Other kinds take what comes.
        if kind not in ("insult", "insult_and_username_change") or bool(PROFANITY.search(fragment)) == profane:
            break
    return fragment


def _sentence_case(text: str, rng: Random) -> str:
    if text and text[0].islower() and rng.random() < 0.8:
        text = text[0].upper() + text[1:]
    if text and text[-1].isalnum() and rng.random() < 0.75:
        text += rng.choice([".", ".", ".", "!", "!!", "?!", "..."])
    return text


def _typo(word: str, rng: Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    how = rng.randrange(3)
    if how == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _surface_noise(text: str, rng: Random) -> str:
    """Casual-writing noise, applied the same way to every kind of comment."""
    if rng.random() < 0.14:
        words = text.split(" ")
        for _ in range(rng.randint(1, 2)):
            j = rng.randrange(len(words))
            words[j] = _typo(words[j], rng)
        text = " ".join(words)
    if rng.random() < 0.06:
        text = re.sub(r"\byou are\b", "u r", text, flags=re.IGNORECASE)
        text = re.sub(r"\b(you're|your)\b", "ur", text, flags=re.IGNORECASE)
        text = re.sub(r"\byou\b", "u", text, flags=re.IGNORECASE)
    if rng.random() < 0.10:
        text = text.replace("'", "")
    if rng.random() < 0.12:
        text = re.sub(r"[.,;:](?=\s|$)", "", text)
    roll = rng.random()
    if roll < 0.16:
        text = text.lower()
    elif roll < 0.21 and len(text.split()) <= 30:
        text = text.upper()
    return text.strip()


def compose(kind: str, rng: Random, mask_core: bool = False) -> str:
    """One comment of this kind: the label fragment among 0-8 topic sentences, maybe an opener and a closer.

    Neutral comments get a fragment too (a question or remark, or one more topic sentence), so that
    every kind has the same shape. With mask_core the fragment is replaced by a placeholder word: what
    is left is the frame alone, which `frame_check` shows carries no label.
    """
    topic = TOPICS[rng.choice(sorted(TOPICS))]
    # Hard negatives get profane insult words as often as insults do, so a profane word alone is no label.
    profane = kind in ("insult", "insult_and_username_change", "insult_hard_negative") and (
        rng.random() >= CLEAN_INSULT_SHARE
    )
    n_context = rng.choices(range(9), weights=[24, 28, 20, 12, 7, 4, 2, 2, 1])[0]
    context = rng.sample(topic["sentences"], k=min(n_context + 1, len(topic["sentences"])))
    spare_sentence = context.pop()
    if rng.random() < 0.06:
        context.insert(rng.randint(0, len(context)), rng.choice(NON_NATIVE_SENTENCES))
    # Some context sentences are plain talk instead of topic sentences; the length stays as it was.
    context = [rng.choice(CONVERSATIONAL_SENTENCES) if rng.random() < 0.35 else sentence for sentence in context]
    if rng.random() < REPLY_SHARE:  # a word to another commenter, at every label alike
        reply = _fix_articles(rng.choice(REPLY_SENTENCES).format_map(_Slots(rng, topic, profane=False)))
        if context:
            context[rng.randrange(len(context))] = reply
        else:
            context.append(reply)
    if kind == "neutral":
        core = _neutral_extra(rng, topic) if rng.random() < 0.55 else spare_sentence
    else:
        core = _core(kind, rng, topic, profane)
    while context and len(" ".join([*context, core]).split()) > MAX_WORDS - 8:
        context.pop()
    if mask_core:
        core = "xxxx"
    parts = list(context)
    signs_off = core.startswith(("--", "- ", "(", "cheers", "signed"))
    where = len(parts) if signs_off else rng.choice([0, 0, len(parts), rng.randint(0, len(parts))])
    parts.insert(where, core)
    parts = [_sentence_case(p, rng) for p in parts]
    if rng.random() < 0.22:
        opener = rng.choice(OPENERS)
        if opener.endswith(",") and parts[0][:1].isupper() and not parts[0].startswith(("I ", "I'")):
            parts[0] = parts[0][0].lower() + parts[0][1:]
        parts[0] = opener + " " + parts[0]
    if rng.random() < 0.18:
        parts.append(rng.choice(CLOSERS))
    if rng.random() < 0.08:
        parts.insert(0, "@" + random_handle(rng))
    return _surface_noise(_join(parts, rng), rng)


NEUTRAL_EXTRAS = [
    "Does anyone know when {thing} starts?",
    "Thanks for covering {thing}.",
    "Good article on {thing}.",
    "I'd like a follow-up on {thing}.",
    "Where can I read more about {thing}?",
    "{thing} affects all of us.",
    "Not sure what to think about {thing} yet.",
    "Anyone else been following {thing}?",
    "Interesting, I had no idea.",
    "Can the reporter find out what {figure} actually said?",
    "I'll be at the meeting about {thing} on Monday.",
    "My {relative} says {thing} was even worse in the 90s.",
    "Is {thing} going to be on the ballot?",
    "Great photos.",
    "{name}, do you know if {thing} is still on?",
    "You're right about {thing}, {name}.",
    "Thanks {name}, that helps.",
    "Good luck to everyone affected by {thing}.",
    "Source for the numbers on {thing}?",
]


def _neutral_extra(rng: Random, topic: dict[str, list[str]]) -> str:
    return _fix_articles(rng.choice(NEUTRAL_EXTRAS).format_map(_Slots(rng, topic, profane=False)))


def _join(parts: list[str], rng: Random) -> str:
    out = parts[0]
    for part in parts[1:]:
        out += rng.choices([" ", "\n\n", "\n", " ... ", " - ", "  "], weights=[72, 10, 6, 5, 4, 3])[0] + part
    return out


def normalized(text: str) -> str:
    """The form duplicates are judged by: case, punctuation and spacing do not make a new comment."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def generate(handwritten: list[dict]) -> list[dict]:
    """All generated records, in a fixed order; none repeats a hand-written text or another record."""
    rng = Random(SEED)
    seen = {normalized(r["text"]) for r in handwritten}
    records = []
    for kind, count in KIND_COUNTS.items():
        made = attempts = 0
        while made < count:
            attempts += 1
            if attempts > count * 50:
                raise RuntimeError(f"cannot make {count} distinct {kind} comments")
            text = compose(kind, rng)
            key = normalized(text)
            if key in seen or len(key.split()) < 2:
                continue
            seen.add(key)
            insult, username_change = KIND_LABELS[kind]
            records.append(
                {
                    "text": text,
                    "labels": {"insult": insult, "username_change": username_change},
                    "source": f"generated:{kind}",
                }
            )
            made += 1
    Random(SEED).shuffle(records)
    return records


def dumps(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _tfidf_auc(train: list[dict], test: list[dict]) -> dict[str, float]:
    """ROC AUC per label of a word (1-2) + char (2-5) TF-IDF logistic regression fitted on train."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    train_texts, test_texts = [r["text"] for r in train], [r["text"] for r in test]
    x_train = hstack([words.fit_transform(train_texts), chars.fit_transform(train_texts)]).tocsr()
    x_test = hstack([words.transform(test_texts), chars.transform(test_texts)]).tocsr()
    aucs = {}
    for label in ("insult", "username_change"):
        model = LogisticRegression(C=4.0, solver="liblinear", class_weight="balanced")
        model.fit(x_train, [r["labels"][label] for r in train])
        scores = model.predict_proba(x_test)[:, 1]
        aucs[label] = round(float(roc_auc_score([r["labels"][label] for r in test], scores)), 4)
    return aucs


def cross_check() -> dict[str, dict[str, float]]:
    """Does what a classifier learns from one part carry over to the other? Train on one, score the other."""
    handwritten, generated = read_jsonl(HANDWRITTEN), read_jsonl(GENERATED)
    return {
        "train handwritten -> test generated": _tfidf_auc(handwritten, generated),
        "train generated -> test handwritten": _tfidf_auc(generated, handwritten),
    }


def frame_check(share: float = 1.0) -> dict[str, float]:
    """AUC of the same classifier on generated comments whose label fragment is masked (train half, test half).

    Near 0.5 means the frame (topic sentences, openers, closers, order, length, noise) says nothing
    about the label, so a model trained on the corpus cannot learn the template instead of the label.
    """
    rng = Random(SEED + 1)
    records = []
    for kind, count in KIND_COUNTS.items():
        insult, username_change = KIND_LABELS[kind]
        for _ in range(round(count * share)):
            records.append(
                {
                    "text": compose(kind, rng, mask_core=True),
                    "labels": {"insult": insult, "username_change": username_change},
                }
            )
    rng.shuffle(records)
    half = len(records) // 2
    return _tfidf_auc(records[:half], records[half:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="also print the cross-check and frame-check AUCs")
    args = parser.parse_args(argv)
    records = generate(read_jsonl(HANDWRITTEN))
    GENERATED.write_text(dumps(records), encoding="utf-8")
    print(f"wrote {len(records)} comments to {GENERATED}")
    if args.check:
        for split, aucs in cross_check().items():
            print(split, json.dumps(aucs))
        print("frame only (label fragment masked), train half -> test half", json.dumps(frame_check()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
