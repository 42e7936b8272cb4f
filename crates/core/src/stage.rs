use crate::Analysis;

/// A failure of one analysis stage on one document.
#[derive(Debug, thiserror::Error)]
#[error("stage {stage}: {message}")]
pub struct StageError {
    pub stage: &'static str,
    pub message: String,
}

impl StageError {
    pub fn new(stage: &'static str, message: impl Into<String>) -> Self {
        StageError {
            stage,
            message: message.into(),
        }
    }
}

/// One per-document analysis step. Stages are pure functions of the analysis so far
/// plus the stage's own loaded resources (models, knowledge base), so they can run
/// anywhere: in the CLI, the server, or a streaming engine.
pub trait Stage: Send + Sync {
    fn name(&self) -> &'static str;
    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError>;
}

/// Stages run in order.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    pub fn push(&mut self, stage: Box<dyn Stage>) {
        self.stages.push(stage);
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    pub fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        for stage in &self.stages {
            stage.run(analysis)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Metadata, RawDocument, SourceRef};

    struct Upper;
    impl Stage for Upper {
        fn name(&self) -> &'static str {
            "upper"
        }
        fn run(&self, a: &mut Analysis) -> Result<(), StageError> {
            a.doc.text = a.doc.text.to_uppercase();
            Ok(())
        }
    }

    struct Fail;
    impl Stage for Fail {
        fn name(&self) -> &'static str {
            "fail"
        }
        fn run(&self, _: &mut Analysis) -> Result<(), StageError> {
            Err(StageError::new("fail", "always"))
        }
    }

    fn analysis() -> Analysis {
        Analysis::new(RawDocument {
            source: SourceRef {
                path: "-".into(),
                locator: None,
                format: Format::Text,
            },
            text: "abc".into(),
            meta: Metadata::default(),
        })
    }

    #[test]
    fn runs_in_order_and_stops_on_error() {
        let p = Pipeline::new().with(Upper).with(Fail).with(Upper);
        assert_eq!(p.stage_names(), ["upper", "fail", "upper"]);
        let mut a = analysis();
        let err = p.run(&mut a).unwrap_err();
        assert_eq!(err.to_string(), "stage fail: always");
        assert_eq!(a.doc.text, "ABC");
    }
}
