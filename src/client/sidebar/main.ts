// Placeholder page script for sidebar (issue 4 builds the real page).
document.getElementById('app')!.textContent = 'Chatvolt Analytics';
