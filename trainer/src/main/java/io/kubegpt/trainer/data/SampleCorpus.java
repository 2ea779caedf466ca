package io.kubegpt.trainer.data;

import java.util.Random;

/**
 * The corpus the trainer uses when a spec names neither a path nor a URL: short English stories written by a
 * seeded generator, so every build and every JVM produces the same text ({@link Random}'s algorithm is fixed by
 * its specification). The stories repeat a small world (people with consistent pronouns, places, objects,
 * prices that add up, dialogue lines) so that a tiny model learns recognisable sentences within a minute.
 * Stories are separated by blank lines; a story has no blank line inside.
 */
public final class SampleCorpus {

    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_CHARS = 400_000;

    private static final class DefaultText {
        static final String TEXT = generate(DEFAULT_SEED, DEFAULT_CHARS);
    }

    private record Person(String name, String he, String him, String his) {
        /** The pronoun at the start of a sentence. */
        String heAtStart() {
            return capitalize(he);
        }
    }

    private record Thing(String name, String colour, String hidingPlace) {
        String the() {
            return "the " + colour + " " + name;
        }
    }

    private record Animal(String kind, String sound, String food) {
    }

    private static final String[][] PEOPLE = {
        {"Mia", "she"}, {"Tom", "he"}, {"Lena", "she"}, {"Sam", "he"}, {"Ava", "she"}, {"Leo", "he"},
        {"Nora", "she"}, {"Ben", "he"}, {"Iris", "she"}, {"Omar", "he"}, {"Ruby", "she"}, {"Finn", "he"},
        {"Zoe", "she"}, {"Max", "he"}, {"Ella", "she"}, {"Jack", "he"}, {"Grandma Rose", "she"},
        {"Uncle Paul", "he"}, {"Mrs. Green", "she"}, {"Mr. Brown", "he"},
    };
    private static final String[] PLACES = {
        "the market", "the old mill", "the forest", "the harbor", "the library", "the bakery", "the hill",
        "the river", "the garden", "the school", "the beach", "the farm", "the station", "the park",
    };
    private static final Thing[] THINGS = {
        new Thing("kite", "red", "in a tall tree"), new Thing("box", "blue", "under the bed"),
        new Thing("key", "silver", "behind the door"), new Thing("boat", "wooden", "in the tall grass"),
        new Thing("hat", "yellow", "on top of the shelf"), new Thing("ball", "green", "under the bench"),
        new Thing("book", "old", "beside the window"), new Thing("lamp", "orange", "in the shed"),
        new Thing("scarf", "purple", "inside the basket"), new Thing("map", "little", "in a coat pocket"),
    };
    private static final Animal[] ANIMALS = {
        new Animal("cat", "meowed", "milk"), new Animal("dog", "barked", "bread"),
        new Animal("duck", "quacked", "seeds"), new Animal("goat", "bleated", "hay"),
        new Animal("rabbit", "squeaked", "carrots"), new Animal("horse", "neighed", "apples"),
    };
    private static final String[] PET_NAMES = {"Pip", "Sunny", "Button", "Pepper", "Biscuit", "Moss", "Dot", "Ziggy"};
    private static final String[] GOODS = {"apples", "pears", "eggs", "rolls", "plums", "candles", "buttons", "lemons"};
    private static final String[] OPENINGS = {
        "One morning", "On a cold day", "Late one evening", "Last summer", "Early on Sunday", "One rainy afternoon",
        "On the first day of spring", "One windy night",
    };
    private static final String[] WEATHER = {
        "The sun was warm and the sky was blue.", "It was raining hard, and the streets were wet.",
        "The wind was cold, so everyone wore a coat.", "Snow covered the roofs of the town.",
        "The air smelled of fresh bread.", "Clouds moved slowly over the hills.",
    };
    private static final String[] FEELINGS = {"happy", "glad", "proud", "cheerful", "delighted", "calm"};
    private static final String[] NUMBERS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    };

    private final Random random;
    private final StringBuilder out = new StringBuilder();

    private SampleCorpus(long seed) {
        random = new Random(seed);
    }

    /** The default corpus (seed {@value #DEFAULT_SEED}, about {@value #DEFAULT_CHARS} characters), built once. */
    public static String text() {
        return DefaultText.TEXT;
    }

    /** Stories from {@code seed} until the text has at least {@code minChars} characters. */
    public static String generate(long seed, int minChars) {
        SampleCorpus generator = new SampleCorpus(seed);
        while (generator.out.length() < minChars) {
            if (generator.out.length() > 0) {
                generator.out.append("\n\n");
            }
            generator.story();
        }
        return generator.out.append('\n').toString();
    }

    private void story() {
        Person a = person(null);
        Person b = person(a);
        switch (random.nextInt(5)) {
            case 0 -> lostThing(a, b);
            case 1 -> market(a, b);
            case 2 -> foundAnimal(a, b);
            case 3 -> race(a, b);
            default -> baking(a, b);
        }
    }

    private void lostThing(Person a, Person b) {
        Thing thing = pick(THINGS);
        String first = pick(PLACES);
        String second = other(PLACES, first);
        line("The Lost " + capitalize(thing.name()));
        line(pick(OPENINGS) + ", " + a.name() + " could not find " + a.his() + " " + thing.colour() + " "
                + thing.name() + ". " + pick(WEATHER));
        line(a.heAtStart() + " went to see " + b.name() + ".");
        say(a, "Have you seen my " + thing.name() + "?", "asked");
        say(b, "No, I have not. But I will help you look for it.", "said");
        line("First they looked at " + first + ", but the " + thing.name() + " was not there. Then they walked to "
                + second + ".");
        line("At last " + b.name() + " saw " + thing.the() + " " + thing.hidingPlace() + ".");
        say(b, "There it is!", "shouted");
        say(a, "Thank you, " + b.name() + ". You are a good friend.", "said");
        line("From that day on, " + a.name() + " kept " + a.his() + " " + thing.name() + " in a safe place, and "
                + a.he() + " was " + pick(FEELINGS) + ".");
    }

    private void market(Person a, Person b) {
        String goods = pick(GOODS);
        int count = 2 + random.nextInt(5);
        int price = 1 + random.nextInt(3);
        int coins = count * price + random.nextInt(6);
        int left = coins - count * price;
        line("A Trip to the Market");
        line(pick(OPENINGS) + ", " + a.name() + " went to the market with " + coins + " coins in " + a.his()
                + " pocket.");
        line(b.name() + " was selling " + goods + " there.");
        say(a, "How much are your " + goods + "?", "asked");
        say(b, "They cost " + price + (price == 1 ? " coin" : " coins") + " each.", "said");
        say(a, "Then I will take " + NUMBERS[count] + ", please.", "said");
        line(a.name() + " paid " + count * price + " coins for " + NUMBERS[count] + " " + goods + ". " + a.heAtStart()
                + " had " + left + (left == 1 ? " coin" : " coins") + " left.");
        line(left > 0
                ? a.heAtStart() + " put the rest of " + a.his() + " money back in " + a.his() + " pocket and walked home."
                : a.heAtStart() + " had spent all of " + a.his() + " money, but " + a.he() + " did not mind.");
        line("At home, " + a.name() + " shared the " + goods + " with " + a.his() + " family.");
    }

    private void foundAnimal(Person a, Person b) {
        Animal animal = pick(ANIMALS);
        String place = pick(PLACES);
        String pet = pick(PET_NAMES);
        line("The " + capitalize(animal.kind()) + " at " + titled(place));
        line(pick(OPENINGS) + ", " + a.name() + " found a small " + animal.kind() + " near " + place + ". "
                + pick(WEATHER));
        line("The " + animal.kind() + " " + animal.sound() + " and looked up at " + a.him() + ".");
        say(a, "You look hungry, little " + animal.kind() + ".", "said");
        line(a.heAtStart() + " gave it some " + animal.food() + ", and the " + animal.kind() + " ate all of it.");
        line("Then " + a.name() + " took the " + animal.kind() + " home to show " + b.name() + ".");
        say(b, "What will you call it?", "asked");
        say(a, "I will call it " + pet + ".", "said");
        line("Every day after that, " + a.name() + " gave " + pet + " fresh " + animal.food() + ", and " + pet
                + " followed " + a.him() + " everywhere.");
    }

    private void race(Person a, Person b) {
        String place = pick(PLACES);
        int laps = 2 + random.nextInt(4);
        Person winner = random.nextBoolean() ? a : b;
        Person loser = winner == a ? b : a;
        line("The Race around " + titled(place));
        line(pick(OPENINGS) + ", " + a.name() + " and " + b.name() + " decided to have a race.");
        say(a, "Let us run " + NUMBERS[laps] + " times around " + place + ".", "said");
        say(b, "All right. The one who loses will carry the bags home.", "said");
        line("They ran as fast as they could. After " + NUMBERS[laps - 1] + (laps - 1 == 1 ? " lap" : " laps")
                + ", " + loser.name() + " was in front, but " + loser.he() + " was getting tired.");
        line("In the last lap, " + winner.name() + " ran past " + loser.him() + " and won the race.");
        say(loser, "Well done, " + winner.name() + ". You were faster today.", "said");
        line(loser.name() + " carried the bags home, and " + winner.name() + " helped " + loser.him()
                + " with the heavy one.");
    }

    private void baking(Person a, Person b) {
        int loaves = 2 + random.nextInt(8);
        int given = 1 + random.nextInt(loaves - 1);
        line("Baking Day");
        line(pick(OPENINGS) + ", " + a.name() + " and " + b.name() + " baked bread together. " + pick(WEATHER));
        line(a.name() + " mixed the flour and the water, and " + b.name() + " lit the oven.");
        say(b, "How many loaves shall we make?", "asked");
        say(a, "Let us make " + NUMBERS[loaves] + ".", "said");
        line("When the bread was ready, the kitchen smelled wonderful. They gave " + NUMBERS[given]
                + (given == 1 ? " loaf" : " loaves") + " to their neighbours and kept " + NUMBERS[loaves - given]
                + (loaves - given == 1 ? " loaf" : " loaves") + " for themselves.");
        line(b.name() + " was " + pick(FEELINGS) + ", and " + a.name() + " said it was the best bread "
                + a.he() + " had ever made.");
    }

    private Person person(Person not) {
        String[] p;
        do {
            p = pick(PEOPLE);
        } while (not != null && not.name().equals(p[0]));
        boolean she = p[1].equals("she");
        return new Person(p[0], p[1], she ? "her" : "him", she ? "her" : "his");
    }

    private void say(Person speaker, String words, String verb) {
        // A statement quoted before its speaker ends with a comma: "I will help," said Mia.
        String quoted = words.endsWith(".") ? words.substring(0, words.length() - 1) + "," : words;
        line(random.nextBoolean()
                ? "\"" + quoted + "\" " + verb + " " + speaker.name() + "."
                : speaker.name() + " " + verb + ", \"" + words + "\"");
    }

    private void line(String text) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        out.append(text);
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T other(T[] options, T not) {
        T choice;
        do {
            choice = pick(options);
        } while (choice.equals(not));
        return choice;
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "the old mill" becomes "the Old Mill". */
    private static String titled(String place) {
        StringBuilder title = new StringBuilder("the");
        for (String word : place.substring(4).split(" ")) {
            title.append(' ').append(capitalize(word));
        }
        return title.toString();
    }
}
