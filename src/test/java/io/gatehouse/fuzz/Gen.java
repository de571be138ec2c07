package io.gatehouse.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A generator of values whose every choice is read from the fuzzer's data, so that Jazzer's coverage feedback steers
 * the shapes (which member is present, which variant, how many items) and not only the bytes. The same data always
 * draws the same value, which makes each corpus file a reproducible input. When the data runs out every choice takes
 * its first or smallest option, so generation always ends.
 */
@FunctionalInterface
public interface Gen<T> {

    T draw(FuzzedDataProvider data);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return data -> mapper.apply(draw(data));
    }

    /** Lists of {@code min..max} values. */
    default Gen<List<T>> list(int min, int max) {
        return data -> {
            int size = data.consumeInt(min, max);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(draw(data));
            }
            return values;
        };
    }

    /** The value with the given probability, else empty. */
    default Gen<Optional<T>> optional(double presence) {
        return data -> chance(data, presence) ? Optional.of(draw(data)) : Optional.empty();
    }

    static <T> Gen<T> constant(T value) {
        return data -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return data -> data.pickValue(values);
    }

    static <T> Gen<T> of(List<T> values) {
        return data -> data.pickValue(values);
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... choices) {
        return data -> data.pickValue(choices).draw(data);
    }

    /** Two draws combined. */
    static <A, B, R> Gen<R> combine(Gen<A> first, Gen<B> second, BiFunction<A, B, R> combiner) {
        return data -> combiner.apply(first.draw(data), second.draw(data));
    }

    /** Chooses among generators by weight: {@code Gen.<X>weighted().or(6, common).or(1, rare)}. */
    static <T> Weighted<T> weighted() {
        return new Weighted<>(List.of());
    }

    /** Generators with weights; immutable, each {@link #or} returns a new one. */
    record Weighted<T>(List<Weighted.Choice<T>> choices) implements Gen<T> {
        record Choice<T>(int weight, Gen<? extends T> gen) {
        }

        public Weighted<T> or(int weight, Gen<? extends T> gen) {
            List<Choice<T>> more = new ArrayList<>(choices);
            more.add(new Choice<>(weight, gen));
            return new Weighted<>(List.copyOf(more));
        }

        @Override
        public T draw(FuzzedDataProvider data) {
            int total = choices.stream().mapToInt(Choice::weight).sum();
            int pick = data.consumeInt(0, total - 1);
            for (Choice<T> choice : choices) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().draw(data);
                }
            }
            throw new IllegalStateException("weights changed while drawing");
        }
    }

    static Gen<Integer> ints(int min, int max) {
        return data -> data.consumeInt(min, max);
    }

    static Gen<Integer> anyInt() {
        return FuzzedDataProvider::consumeInt;
    }

    static Gen<Long> anyLong() {
        return FuzzedDataProvider::consumeLong;
    }

    static Gen<Boolean> bools() {
        return FuzzedDataProvider::consumeBoolean;
    }

    /** {@code true} with the given probability (in steps of 1/1000). */
    static boolean chance(FuzzedDataProvider data, double probability) {
        return data.consumeInt(0, 999) < probability * 1000;
    }

    /** Texts of {@code min..max} characters from {@code alphabet}. */
    static Gen<String> strings(String alphabet, int min, int max) {
        return data -> {
            int length = data.consumeInt(min, max);
            byte[] picks = data.consumeBytes(length);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(Math.floorMod(i < picks.length ? picks[i] : 0, alphabet.length())));
            }
            return text.toString();
        };
    }

    /** Texts of any UTF-16 characters, unpaired surrogates included, up to {@code max} long. */
    static Gen<String> anyString(int max) {
        return data -> data.consumeString(max);
    }

    /** Texts of {@code min..max} Latin-1 characters (control characters included). */
    static Gen<String> latin1(int min, int max) {
        return data -> {
            int length = data.consumeInt(min, max);
            byte[] bytes = data.consumeBytes(length);
            byte[] padded = bytes.length == length ? bytes : java.util.Arrays.copyOf(bytes, length);
            return new String(padded, StandardCharsets.ISO_8859_1);
        };
    }

    /** Byte arrays up to {@code max} long. */
    static Gen<byte[]> bytes(int max) {
        return data -> data.consumeBytes(data.consumeInt(0, max));
    }

    /** Non-negative integers of up to {@code bits} bits, at least {@code min}. */
    static Gen<BigInteger> bigIntegers(BigInteger min, int bits) {
        return data -> min.add(new BigInteger(1, data.consumeBytes((bits + 7) / 8)));
    }
}
