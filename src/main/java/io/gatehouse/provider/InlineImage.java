package io.gatehouse.provider;

import java.util.Base64;
import java.util.Map;

/**
 * An image of a request as base64 bytes, for providers that take images inline (Gemini, Bedrock): a data URL as it
 * is, a linked {@code http(s)} image as the gateway fetched it ({@link RemoteMedia}). A failed fetch, a fetched body
 * that is not an image, or another kind of URL is a 400 naming the part, never a silently missing image.
 *
 * @param mediaType the image's media type, e.g. {@code image/png}
 */
public record InlineImage(String mediaType, String base64) {

    /**
     * @param param   where the part sits, e.g. {@code messages[1].content[2]}
     * @param fetched the outcome for each linked image
     */
    public static InlineImage of(String url, String param, Map<String, MediaFetch> fetched) {
        String urlParam = param + ".image_url.url";
        DataUrl data = DataUrl.parse(url, urlParam);
        if (data != null) {
            return new InlineImage(data.mediaType(), data.base64());
        }
        if (!DataUrl.isHttp(url)) {
            throw new TranslationException("Image URLs must be https:// or data: URLs.", urlParam);
        }
        MediaFetch fetch = fetched.get(url);
        if (fetch instanceof MediaFetch.Fetched(String mimeType, byte[] bytes)) {
            if (mimeType == null || !mimeType.startsWith("image/")) {
                throw new TranslationException("The image at " + param + " is not an image (" + mimeType + ").", urlParam);
            }
            return new InlineImage(mimeType, Base64.getEncoder().encodeToString(bytes));
        }
        String reason = fetch instanceof MediaFetch.Failed(String why) ? ": " + why : "";
        throw new TranslationException("The image at " + param + " could not be fetched" + reason + ".", urlParam);
    }
}
