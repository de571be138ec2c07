package io.gatehouse.provider;

/**
 * A base64 {@code data:} URL as clients put into image and file parts: {@code data:image/png;base64,iVBOR…}.
 */
public record DataUrl(String mediaType, String base64) {

    /**
     * Parses {@code url} if it is a data URL, else returns {@code null}; a data URL that is not base64 is refused
     * (every provider wants base64).
     */
    public static DataUrl parse(String url, String param) {
        if (!url.regionMatches(true, 0, "data:", 0, 5)) {
            return null;
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new TranslationException("The data URL has no data.", param);
        }
        String meta = url.substring(5, comma);
        if (!meta.toLowerCase(java.util.Locale.ROOT).endsWith(";base64")) {
            throw new TranslationException("Only base64 data URLs are supported.", param);
        }
        String mediaType = meta.substring(0, meta.length() - ";base64".length());
        int parameters = mediaType.indexOf(';');
        if (parameters >= 0) {
            mediaType = mediaType.substring(0, parameters);
        }
        return new DataUrl(mediaType.toLowerCase(java.util.Locale.ROOT), url.substring(comma + 1));
    }

    public static boolean isHttp(String url) {
        return url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7);
    }
}
