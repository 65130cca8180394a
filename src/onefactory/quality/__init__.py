"""Quality: statistical process control, defect-risk prediction from process data, and
recommended process settings. Estimators follow the scikit-learn contract."""
