#!/usr/bin/env python3
"""Writes the labelled datasets bundled with the trainer (builtin:NAME/{train,eval}.jsonl).

Every sentence is generated from the templates below with a fixed seed, in the small world of the sample
pre-training corpus (its people, places, things, animals and feelings), so a model pre-trained on that corpus
has seen the words. The evaluation files use held-out combinations and, for sentiment, feeling words the
training file never shows with a label, so they measure generalisation rather than memory.

    python3 trainer/scripts/make-finetune-data.py   # rewrites trainer/src/main/resources/finetune/
"""
import json
import os
import random

ROOT = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "finetune")

PEOPLE = [("Mia", "she", "her"), ("Tom", "he", "his"), ("Lena", "she", "her"), ("Sam", "he", "his"),
          ("Ava", "she", "her"), ("Leo", "he", "his"), ("Nora", "she", "her"), ("Ben", "he", "his"),
          ("Iris", "she", "her"), ("Omar", "he", "his"), ("Ruby", "she", "her"), ("Finn", "he", "his")]
PLACES = ["the market", "the old mill", "the forest", "the harbor", "the library", "the bakery", "the hill",
          "the river", "the garden", "the school", "the beach", "the farm", "the station", "the park"]
THINGS = [("kite", "red"), ("box", "blue"), ("key", "silver"), ("boat", "wooden"), ("hat", "yellow"),
          ("ball", "green"), ("book", "old"), ("lamp", "orange"), ("scarf", "purple"), ("map", "little")]
ANIMALS = [("cat", "milk"), ("dog", "bread"), ("duck", "seeds"), ("goat", "hay"), ("rabbit", "carrots"),
           ("horse", "apples")]
OPENINGS = ["One morning", "On a cold day", "Late one evening", "Last summer", "Early on Sunday",
            "One rainy afternoon"]

POSITIVE_TRAIN = ["was happy", "was glad", "was proud", "smiled all day", "thanked everyone"]
POSITIVE_EVAL = ["was cheerful", "was delighted", "was calm"]
NEGATIVE_TRAIN = ["was sad", "was angry", "cried all day", "shouted at everyone", "was upset"]
NEGATIVE_EVAL = ["was tired", "was cold and wet", "felt lonely"]
EVENTS = ["looked for the {c} {t}", "ran a race", "bought some apples", "met a friend", "fed the ducks",
          "read a book"]


def write(name, split, rows):
    folder = os.path.join(ROOT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, split + ".jsonl"), "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def sentiment(rng, count, held_out):
    rows = []
    for i in range(count):
        name, _, _ = rng.choice(PEOPLE)
        place = rng.choice(PLACES)
        thing, colour = rng.choice(THINGS)
        positive = i % 2 == 0
        if held_out and rng.random() < 0.5:
            feeling = rng.choice(POSITIVE_EVAL if positive else NEGATIVE_EVAL)
        else:
            feeling = rng.choice(POSITIVE_TRAIN if positive else NEGATIVE_TRAIN)
        event = rng.choice(EVENTS).format(c=colour, t=thing)
        text = "%s, %s went to %s and %s. %s %s." % (rng.choice(OPENINGS), name, place, event, name, feeling)
        rows.append({"text": text, "label": "positive" if positive else "negative"})
    rng.shuffle(rows)
    return rows


def entailment(rng, count):
    rows = []
    for i in range(count):
        (name, _, _), (other, _, _) = rng.sample(PEOPLE, 2)
        animal, food = rng.choice(ANIMALS)
        place = rng.choice(PLACES)
        premise = "%s found a small %s near %s and gave it some %s." % (name, animal, place, food)
        kind = ["entailment", "neutral", "contradiction"][i % 3]
        if kind == "entailment":
            hypothesis = rng.choice(["%s found a %s.", "%s gave the %s some food.", "%s was near %s."])
            hypothesis = hypothesis % ((name, place) if "near" in hypothesis else (name, animal))
        elif kind == "neutral":
            hypothesis = rng.choice(["%s took the %s home.", "%s called the %s Pip.", "%s showed the %s to "
                                     + other + "."]) % (name, animal)
        else:
            wrong_animal = rng.choice([a for a, _ in ANIMALS if a != animal])
            hypothesis = rng.choice(["%s found a %s." % (other, animal), "%s found a %s." % (name, wrong_animal),
                                     "%s never went near %s." % (name, place)])
        rows.append({"premise": premise, "hypothesis": hypothesis, "label": kind})
    rng.shuffle(rows)
    return rows


def similarity(rng, count):
    rows = []
    for _ in range(count):
        a = (rng.choice(PEOPLE)[0], rng.choice(ANIMALS)[0], rng.choice(PLACES))
        b = list(a)
        changed = rng.sample(range(3), rng.randint(0, 3))
        for slot in changed:
            pool = [p[0] for p in PEOPLE] if slot == 0 else [x[0] for x in ANIMALS] if slot == 1 else PLACES
            b[slot] = rng.choice([x for x in pool if x != a[slot]])
        first = "%s saw a %s at %s." % a
        second = rng.choice(["%s saw a %s at %s.", "At %s, %s saw a %s."])
        second = second % tuple(b) if second.startswith("%s") else second % (b[2], b[0], b[1])
        score = round(5.0 * (3 - len(changed)) / 3, 2)
        rows.append({"sentence1": first, "sentence2": second, "score": score})
    return rows


def story_ending(rng, count):
    rows = []
    for _ in range(count):
        (name, he, his), (friend, _, _) = rng.sample(PEOPLE, 2)
        (thing, colour), (other_thing, other_colour) = rng.sample(THINGS, 2)
        place = rng.choice(PLACES)
        context = "%s could not find %s %s %s. %s and %s looked at %s." % (name, his, colour, thing, name, friend,
                                                                        place)
        right = "At last %s saw the %s %s." % (friend, colour, thing)
        wrong = rng.choice(["At last %s saw the %s %s." % (friend, other_colour, other_thing),
                            "At last %s lost the %s %s." % (friend, other_colour, thing)])
        answers = [right, wrong]
        rng.shuffle(answers)
        rows.append({"context": context, "answers": answers, "label": answers.index(right)})
    return rows


def main():
    rng = random.Random(20181)
    write("sentiment", "train", sentiment(rng, 400, held_out=False))
    write("sentiment", "eval", sentiment(rng, 160, held_out=True))
    write("entailment", "train", entailment(rng, 360))
    write("entailment", "eval", entailment(rng, 120))
    write("similarity", "train", similarity(rng, 360))
    write("similarity", "eval", similarity(rng, 120))
    write("story-ending", "train", story_ending(rng, 300))
    write("story-ending", "eval", story_ending(rng, 100))


if __name__ == "__main__":
    main()
