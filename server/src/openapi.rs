//! The OpenAPI document of the REST API, served at `/api/v1/openapi.json` and browsable at
//! `/api/docs` (Swagger UI, bundled in the binary so it works offline).

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Salus API",
        version = "1",
        description = "Online medical appointments. Errors are JSON objects `{\"error\": code, \"details\": …}`; validation errors list each refused field with a code."
    ),
    paths(
        crate::health::live,
        crate::health::ready,
        crate::rest::list_clinics,
    ),
    components(schemas(crate::health::Health, crate::rest::ClinicDto)),
    tags(
        (name = "health", description = "Liveness and readiness probes"),
        (name = "clinics", description = "Clinics on Salus"),
    )
)]
pub struct ApiDoc;
