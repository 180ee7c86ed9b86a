use app::backend::db::{self, Db};
use server::config::Config;
use server::startup::Application;
use std::collections::HashMap;
use std::path::PathBuf;
use tokio::sync::oneshot;

/// Generates one test per database for each named async fn taking a `Database`.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::helpers::runtime()
                        .block_on(super::$name($crate::helpers::Database::Sqlite))
                }
            )+
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    $crate::helpers::runtime()
                        .block_on(super::$name($crate::helpers::Database::Postgres))
                }
            )+
        }
    };
}

/// One runtime for every test of the binary, as in production, where one runtime serves
/// everything. Leptos keeps process-wide state (its task spawner, its reactive arena); with a
/// runtime per test, work spawned while rendering one test's page could land on another
/// test's runtime, which is dropped when that test ends, and the first page never finishes.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .enable_all()
            .build()
            .expect("a runtime for the integration tests")
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    Sqlite,
    Postgres,
}

/// Where the PostgreSQL tests create their databases: `SALUS_TEST_POSTGRES_URL`, or the local
/// server that `.ci/run` starts.
fn postgres_admin_url() -> String {
    std::env::var("SALUS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A fresh, empty database and a scratch data directory, both removed on drop.
pub struct TestDatabase {
    pub url: String,
    pub data_dir: PathBuf,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn new(kind: Database) -> Self {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let data_dir = std::env::temp_dir().join(format!("salus-test-{unique}"));
        std::fs::create_dir_all(&data_dir).expect("the temp directory is writable");
        match kind {
            Database::Sqlite => Self {
                url: format!("sqlite://{}/salus.db?mode=rwc", data_dir.display()),
                data_dir,
                postgres_name: None,
            },
            Database::Postgres => {
                let name = format!("salus_test_{unique}");
                let admin = db::connect(&postgres_admin_url()).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL must be reachable for the PostgreSQL tests ({e}); set SALUS_TEST_POSTGRES_URL")
                });
                // The name is ours (a UUID), not user input; CREATE DATABASE takes no parameters.
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&admin.pool)
                    .await
                    .expect("the test role may create databases");
                admin.pool.close().await;
                let base = postgres_admin_url();
                let server = base
                    .rsplit_once('/')
                    .map(|(server, _)| server)
                    .unwrap_or(&base);
                Self {
                    url: format!("{server}/{name}"),
                    data_dir,
                    postgres_name: Some(name),
                }
            }
        }
    }

    /// The variables a server or CLI run on this database needs.
    pub fn env(&self) -> HashMap<String, String> {
        HashMap::from([
            ("DATABASE_URL".to_owned(), self.url.clone()),
            (
                "SALUS_DATA_DIR".to_owned(),
                self.data_dir.display().to_string(),
            ),
            ("SALUS_DEMO_DATA".to_owned(), "false".to_owned()),
            ("SALUS_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
            (
                "SALUS_JWT_SECRET".to_owned(),
                "test-secret-that-is-long-enough-for-hs256".to_owned(),
            ),
            (
                "LEPTOS_SITE_ROOT".to_owned(),
                self.data_dir.join("site").display().to_string(),
            ),
        ])
    }

    /// A stand-in for the built bundle (cargo-leptos writes the real one), so static files
    /// are served in tests too.
    pub fn write_site(&self) {
        let site = self.data_dir.join("site");
        std::fs::create_dir_all(site.join("pkg")).expect("the temp directory is writable");
        std::fs::write(site.join("pkg/salus.css"), "body { margin: 0 }").unwrap();
        std::fs::write(
            site.join("favicon.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
    }

    pub async fn connect(&self) -> Db {
        db::connect(&self.url)
            .await
            .expect("the test database accepts connections")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if let Some(name) = self.postgres_name.take() {
            // Drop runs inside the test's runtime, which cannot block on itself: use a
            // short-lived runtime on its own thread.
            let handle = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for cleanup");
                runtime.block_on(async move {
                    if let Ok(admin) = db::connect(&postgres_admin_url()).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&admin.pool)
                                .await;
                        admin.pool.close().await;
                    }
                });
            });
            let _ = handle.join();
        }
    }
}

/// A running server on a random port.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    shutdown: Option<oneshot::Sender<()>>,
    // Held for its Drop, which removes the database; fields drop in order, so this goes last,
    // after the server has been told to stop.
    _database: TestDatabase,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the test server answers")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn spawn_app(kind: Database) -> TestApp {
    spawn_app_with(kind, &[]).await
}

/// Starts a server on a fresh database, with extra configuration variables on top of the
/// test defaults; an empty value removes the variable, to exercise the default.
pub async fn spawn_app_with(kind: Database, extra: &[(&str, &str)]) -> TestApp {
    let database = TestDatabase::new(kind).await;
    database.write_site();
    let mut vars = database.env();
    for (key, value) in extra {
        if value.is_empty() {
            vars.remove(*key);
        } else {
            vars.insert((*key).to_owned(), (*value).to_owned());
        }
    }
    let config =
        Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration is valid");
    let application = Application::build(config).await.expect("the server starts");
    let address = format!("http://{}", application.local_addr());
    let db = application.db().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(application.run_until(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a plain HTTP client");
    TestApp {
        address,
        client,
        db,
        shutdown: Some(stop),
        _database: database,
    }
}
