//! Profile photos. The real type is read from the file's first bytes (the name and the
//! declared type are ignored), the size and pixel count are capped, and the picture is decoded
//! and re-encoded as a JPEG of at most 512×512: that drops every piece of metadata (EXIF can
//! hold the GPS position of a patient's home) and anything hidden after the image data.

use image::{ImageFormat, ImageReader, Limits};
use rand::RngCore as _;
use shared::error::AppError;
use shared::ValidationCode;
use std::io::Cursor;
use std::path::{Path, PathBuf};

pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
const MAX_SIDE: u32 = 512;
/// Larger pictures are refused before decoding, so a tiny file claiming to be 50 000 px wide
/// cannot exhaust memory.
const MAX_SOURCE_SIDE: u32 = 6000;
/// Decoding a large picture takes memory and CPU: at most two at once, whoever asks.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Where photos live: a folder of the data directory, never under the public site root.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("photos")
}

/// Whether `name` is one of ours (32 hex digits + `.jpg`), so a request can never name
/// another file of the data directory.
pub fn is_photo_name(name: &str) -> bool {
    name.strip_suffix(".jpg").is_some_and(|stem| {
        stem.len() == 32
            && stem
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    })
}

/// The URL a stored photo is served at.
pub fn url(name: &str) -> String {
    format!("/media/photos/{name}")
}

/// Checks, cleans and shrinks an uploaded picture; returns the JPEG bytes to store.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    let refuse = |code| AppError::field("photo", code);
    if bytes.is_empty() {
        return Err(refuse(ValidationCode::Required));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(refuse(ValidationCode::FileTooLarge { max_mb: 5 }));
    }
    let format =
        image::guess_format(bytes).map_err(|_| refuse(ValidationCode::UnsupportedImage))?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(refuse(ValidationCode::UnsupportedImage));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(160 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader
        .decode()
        .map_err(|_| refuse(ValidationCode::UnsupportedImage))?;
    // `thumbnail` would also enlarge a small picture; only shrink.
    let picture = if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        picture
    }
    .to_rgb8();
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&picture)
        .map_err(|e| {
            tracing::error!(error = %e, "could not encode a photo");
            AppError::Internal
        })?;
    Ok(out.into_inner())
}

/// Cleans and stores a photo under a fresh random name; returns the name.
pub async fn store(data_dir: &Path, bytes: Vec<u8>) -> Result<String, AppError> {
    let _turn = DECODING.acquire().await.map_err(|_| AppError::Internal)?;
    let cleaned = tokio::task::spawn_blocking(move || clean(&bytes))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "photo task failed");
            AppError::Internal
        })??;
    let mut id = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut id);
    let name: String = id.iter().map(|b| format!("{b:02x}")).collect::<String>() + ".jpg";
    let dir = folder(data_dir);
    let io_error = |e: std::io::Error| {
        tracing::error!(error = %e, "could not store a photo");
        AppError::Internal
    };
    tokio::fs::create_dir_all(&dir).await.map_err(io_error)?;
    tokio::fs::write(dir.join(&name), cleaned)
        .await
        .map_err(io_error)?;
    Ok(name)
}

/// Removes a replaced photo; a missing file is not an error.
pub async fn remove(data_dir: &Path, name: &str) {
    if is_photo_name(name) {
        let _ = tokio::fs::remove_file(folder(data_dir).join(name)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture: ImageBuffer<Rgb<u8>, Vec<u8>> = ImageBuffer::from_fn(width, height, |x, y| {
            Rgb([(x % 255) as u8, (y % 255) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_png_becomes_a_small_jpeg() {
        let cleaned = clean(&png(1200, 800)).unwrap();
        assert_eq!(image::guess_format(&cleaned).unwrap(), ImageFormat::Jpeg);
        let decoded = image::load_from_memory(&cleaned).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (512, 341));
    }

    #[test]
    fn a_small_picture_keeps_its_size() {
        let cleaned = clean(&png(64, 48)).unwrap();
        let decoded = image::load_from_memory(&cleaned).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
    }

    #[test]
    fn exif_metadata_does_not_survive() {
        // A JPEG with an APP1 Exif segment carrying a fake GPS tag name.
        let mut jpeg = Cursor::new(Vec::new());
        ImageBuffer::<Rgb<u8>, Vec<u8>>::from_pixel(40, 40, Rgb([10, 20, 30]))
            .write_to(&mut jpeg, ImageFormat::Jpeg)
            .unwrap();
        let jpeg = jpeg.into_inner();
        let payload = b"Exif\0\0GPSLatitude=36.8065";
        let mut with_exif = jpeg[..2].to_vec();
        with_exif.extend_from_slice(&[0xFF, 0xE1]);
        with_exif.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        with_exif.extend_from_slice(payload);
        with_exif.extend_from_slice(&jpeg[2..]);
        let cleaned = clean(&with_exif).unwrap();
        assert!(!cleaned.windows(11).any(|w| w == b"GPSLatitude"));
        assert!(!cleaned.windows(4).any(|w| w == b"Exif"));
    }

    #[test]
    fn a_file_that_lies_about_being_an_image_is_refused() {
        let html = b"<html><script>alert(1)</script></html>";
        assert_eq!(
            clean(html),
            Err(AppError::field("photo", ValidationCode::UnsupportedImage))
        );
        // A real GIF is an image, but not one we accept.
        assert_eq!(
            clean(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
            Err(AppError::field("photo", ValidationCode::UnsupportedImage))
        );
        // A PNG signature followed by garbage does not decode.
        let mut broken = png(4, 4);
        broken.truncate(20);
        assert_eq!(
            clean(&broken),
            Err(AppError::field("photo", ValidationCode::UnsupportedImage))
        );
    }

    #[test]
    fn oversized_files_are_refused_before_decoding() {
        let mut big = png(2, 2);
        big.resize(MAX_UPLOAD_BYTES + 1, 0);
        assert_eq!(
            clean(&big),
            Err(AppError::field(
                "photo",
                ValidationCode::FileTooLarge { max_mb: 5 }
            ))
        );
        assert_eq!(
            clean(&[]),
            Err(AppError::field("photo", ValidationCode::Required))
        );
    }

    #[test]
    fn only_our_own_file_names_are_served() {
        assert!(is_photo_name("0123456789abcdef0123456789abcdef.jpg"));
        assert!(!is_photo_name("../salus.db"));
        assert!(!is_photo_name("0123456789abcdef0123456789abcdef.png"));
        assert!(!is_photo_name("0123456789ABCDEF0123456789abcdef.jpg"));
        assert!(!is_photo_name("jwt-secret.key"));
    }
}
