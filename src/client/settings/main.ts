// Placeholder page script for settings (issue 4 builds the real page).
document.getElementById('app')!.textContent = 'Chatvolt Analytics';
