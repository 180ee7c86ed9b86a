#![recursion_limit = "256"]
use clap::Parser;
use server::cli::{self, AdminAction, Cli, ClinicAction, Command};
use server::config::Config;
use server::startup::{shutdown_signal, Application};
use std::process::ExitCode;

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(server::startup::WORKER_STACK_BYTES)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(run()),
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    // A missing .env is normal; a malformed one would silently drop the settings after the
    // bad line, so it stops the server.
    if let Err(error) = dotenvy::dotenv() {
        if !error.not_found() {
            eprintln!("configuration error: could not read .env: {error}");
            return ExitCode::from(2);
        }
    }
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(config.log_format);

    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Clinic {
            action: ClinicAction::Create(args),
        } => report(cli::create_clinic(&config, &args).await),
        Command::Admin {
            action: AdminAction::Create(args),
        } => report(cli::create_admin(&config, &args).await),
        Command::Backup { to } => report(server::backup::backup(&config, &to).await),
        Command::Restore { from, force } => {
            report(server::backup::restore(&config, &from, force).await)
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn report<E: std::fmt::Display>(result: Result<String, E>) -> Result<(), String> {
    result
        .map(|message| println!("{message}"))
        .map_err(|e| e.to_string())
}

async fn serve(config: Config) -> Result<(), String> {
    let environment = config.environment;
    let database = backend::db::redact_url(&config.database_url);
    let application = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(
        address = %application.local_addr(),
        ?environment,
        %database,
        "Salus is listening on http://{}",
        application.local_addr()
    );
    application
        .run_until(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}
